/** The languages of the H5 login page; the game is Brazilian, so Portuguese first. */
export const LANGUAGES = ['pt', 'en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

const HTML_LANG: Record<Language, string> = { pt: 'pt-BR', en: 'en', zh: 'zh-CN' };

function supported(tag: string): Language | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : undefined;
}

/** `entry_lang` when it names a language of the page, else the browser's best, else Portuguese. */
export function languageOf(entryLang: string | undefined, acceptLanguage: string | undefined) {
  const given = entryLang && supported(entryLang);
  if (given) return given;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...options] = part.split(';');
      const q = options.map((o) => /^\s*q=([\d.]+)\s*$/.exec(o)?.[1]).find(Boolean);
      return { language: supported(tag), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.language && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.language ?? 'pt';
}

export function htmlLang(language: Language): string {
  return HTML_LANG[language];
}

const pt = {
  tagline: 'Entre para jogar',
  login: 'Entrar',
  register: 'Criar conta',
  email: 'E-mail',
  password: 'Senha',
  newPassword: 'Nova senha',
  confirmPassword: 'Confirme a nova senha',
  passwordHint: 'Pelo menos 8 caracteres',
  forgotLink: 'Esqueceu a senha?',
  forgotTitle: 'Recuperar senha',
  forgotIntro: 'Informe seu e-mail e enviaremos um link para criar uma nova senha.',
  sendLink: 'Enviar link',
  sent: 'Se houver uma conta com este e-mail, enviamos um link para ele. O link vale por 30 minutos.',
  back: 'Voltar para o login',
  success: 'Tudo certo! Voltando ao jogo…',
  resetTitle: 'Criar nova senha',
  resetIntro: 'Escolha uma nova senha para sua conta.',
  savePassword: 'Salvar senha',
  resetDone: 'Senha alterada. Volte ao jogo e entre com a nova senha.',
  mismatch: 'As senhas não coincidem.',
  network: 'Sem conexão. Tente novamente.',
  unknownGame: 'Jogo não encontrado. Abra esta página pelo jogo.',
  failed: 'Algo deu errado. Tente novamente.',
  status: {
    100: 'Informe um e-mail válido.',
    101: 'Informe uma senha de 8 a 256 caracteres.',
    103: 'E-mail ou senha incorretos.',
    117: 'Não foi possível enviar o e-mail agora. Tente mais tarde.',
    119: 'Este link é inválido, já foi usado ou expirou. Peça um novo.',
    125: 'Este e-mail já tem uma conta. Entre ou recupere a senha.',
  },
  mailSubject: 'Redefinir sua senha de {game}',
  mailBody:
    'Olá!\n\nRecebemos um pedido para redefinir a senha da sua conta de {game}. ' +
    'Abra o link abaixo em até 30 minutos para criar uma nova senha:\n\n{link}\n\n' +
    'Se não foi você, ignore este e-mail: sua senha continua a mesma.',
};

export type Strings = typeof pt;

const en: Strings = {
  tagline: 'Log in to play',
  login: 'Log in',
  register: 'Sign up',
  email: 'Email',
  password: 'Password',
  newPassword: 'New password',
  confirmPassword: 'Confirm the new password',
  passwordHint: 'At least 8 characters',
  forgotLink: 'Forgot your password?',
  forgotTitle: 'Reset your password',
  forgotIntro: "Enter your email and we'll send you a link to set a new password.",
  sendLink: 'Send link',
  sent: 'If an account uses this email, we have sent it a link. The link is valid for 30 minutes.',
  back: 'Back to log in',
  success: 'All set! Returning to the game…',
  resetTitle: 'Set a new password',
  resetIntro: 'Choose a new password for your account.',
  savePassword: 'Save password',
  resetDone: 'Password changed. Go back to the game and log in with your new password.',
  mismatch: 'The passwords do not match.',
  network: 'No connection. Please try again.',
  unknownGame: 'Game not found. Open this page from the game.',
  failed: 'Something went wrong. Please try again.',
  status: {
    100: 'Enter a valid email address.',
    101: 'Enter a password of 8 to 256 characters.',
    103: 'Wrong email or password.',
    117: 'The email could not be sent right now. Please try later.',
    119: 'This link is invalid, used or expired. Ask for a new one.',
    125: 'This email already has an account. Log in or reset the password.',
  },
  mailSubject: 'Reset your {game} password',
  mailBody:
    'Hello!\n\nWe received a request to reset the password of your {game} account. ' +
    'Open the link below within 30 minutes to set a new password:\n\n{link}\n\n' +
    'If it was not you, ignore this email: your password stays the same.',
};

const zh: Strings = {
  tagline: '登录开始游戏',
  login: '登录',
  register: '注册',
  email: '邮箱',
  password: '密码',
  newPassword: '新密码',
  confirmPassword: '确认新密码',
  passwordHint: '至少 8 个字符',
  forgotLink: '忘记密码?',
  forgotTitle: '找回密码',
  forgotIntro: '输入您的邮箱,我们会发送一个设置新密码的链接。',
  sendLink: '发送链接',
  sent: '如果该邮箱已注册,我们已向其发送链接,30 分钟内有效。',
  back: '返回登录',
  success: '登录成功,正在返回游戏…',
  resetTitle: '设置新密码',
  resetIntro: '为您的账号设置一个新密码。',
  savePassword: '保存密码',
  resetDone: '密码已修改。请返回游戏,用新密码登录。',
  mismatch: '两次输入的密码不一致。',
  network: '网络异常,请重试。',
  unknownGame: '未找到游戏,请从游戏内打开此页面。',
  failed: '出错了,请重试。',
  status: {
    100: '请输入有效的邮箱地址。',
    101: '请输入 8 到 256 个字符的密码。',
    103: '邮箱或密码错误。',
    117: '邮件暂时无法发送,请稍后再试。',
    119: '链接无效、已使用或已过期,请重新申请。',
    125: '该邮箱已注册,请登录或找回密码。',
  },
  mailSubject: '重置您的 {game} 密码',
  mailBody:
    '您好!\n\n我们收到了重置您 {game} 账号密码的请求。' +
    '请在 30 分钟内打开下面的链接设置新密码:\n\n{link}\n\n' +
    '如果不是您本人操作,请忽略此邮件,您的密码不会改变。',
};

export const STRINGS: Record<Language, Strings> = { pt, en, zh };

/** `{name}` placeholders filled in. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
