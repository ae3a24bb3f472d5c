import type { ResetLetter } from '../../../core/players/password-reset.js';
import type { Language } from './strings.js';
import { STRINGS, fill } from './strings.js';

/** The reset mail in the player's language, linking to the reset page under `baseUrl`. */
export function resetLetter(baseUrl: string, language: Language, gameName: string): ResetLetter {
  const s = STRINGS[language];
  return (token) => {
    const link = new URL('/Pt/landing/reset', baseUrl);
    link.searchParams.set('token', token);
    link.searchParams.set('entry_lang', language);
    return {
      subject: fill(s.mailSubject, { game: gameName }),
      text: fill(s.mailBody, { game: gameName, link: link.toString() }),
    };
  };
}
