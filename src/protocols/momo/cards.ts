import { z } from 'zod';
import type { CardWrite } from '../../core/cards/service.js';
import { momoEndpoint } from './endpoint.js';
import { idValue, jsonArray } from './params.js';
import { resolveUserids } from './players.js';

const MAX_CARDS = 100;
/** A card is shown on a profile page; anything larger is not a card. */
const MAX_CARD_CHARS = 16_384;

/** A document "string" field: sent as a string or a number. */
const scalar = z.union([z.string(), z.number().finite().transform(String)]).pipe(z.string().trim());
const field = scalar.pipe(z.string().min(1).max(128));
/** A player outside any guild has no guild name or id. */
const optionalField = scalar.pipe(z.string().max(128));
const timestamp = scalar.pipe(z.string().regex(/^\d{1,13}$/));
/** Free and paid currency: the document's example leaves them empty. */
const gold = scalar.pipe(z.string().regex(/^(|\d+(\.\d+)?)$/));

/** The required fields the document lists for each `data` entry of player/update. */
const cardEntry = z.object({
  userid: idValue,
  os: scalar.pipe(z.enum(['android', 'ios'])),
  nickname: field,
  level: field,
  server: field,
  serverid: field,
  uid: field,
  create_at: timestamp,
  guild: optionalField,
  guildid: optionalField,
  free_gold: gold,
  pay_gold: gold,
  timestamp,
  ext: z.record(z.string(), z.unknown()).optional(),
});

/** The id an entry is reported under in fail_ids: its userid, else its zero-based index. */
function failId(entry: unknown, index: number): string {
  const userid = idValue.safeParse((entry as { userid?: unknown } | null)?.userid);
  return userid.success ? userid.data : String(index);
}

export const cardEndpoints = [
  momoEndpoint({
    path: 'player/update',
    params: z.object({ data: jsonArray.pipe(z.array(z.unknown()).max(MAX_CARDS)) }),
    async handle({ services, app, params }) {
      const parsed = params.data.map((entry) => {
        const result = cardEntry.safeParse(entry);
        const fits = result.success && JSON.stringify(entry).length <= MAX_CARD_CHARS;
        return fits ? result.data : undefined;
      });
      const accounts = await resolveUserids(
        services,
        app.id,
        parsed.flatMap((entry) => (entry ? [entry.userid] : [])),
      );
      const cards: CardWrite[] = [];
      const failIds = new Set<string>();
      params.data.forEach((raw, index) => {
        const entry = parsed[index];
        const accountId = entry && accounts.get(entry.userid);
        if (entry && accountId !== undefined) {
          cards.push({ accountId, serverId: entry.serverid, card: raw as Record<string, unknown> });
        } else failIds.add(failId(raw, index));
      });
      await services.cards.save(app.id, cards);
      return { fail_ids: [...failIds] };
    },
  }),
];
