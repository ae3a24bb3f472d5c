/** Which picture an avatar URL shows: a QQ head, a Qzone head, or a WeChat head. */
export type AvatarKind = 'qq' | 'qzone' | 'wx';

/**
 * A player's picture URL, served by Guildhall at /avatars/<kind>/<appid>/<openid>[/<size>]. QQ
 * takes the sizes 40 and 100, Qzone 50, WeChat 0 (original), 46, 64, 96 and 132; without a size
 * the URL is the base the documents tell clients to append one to.
 */
export function avatarUrl(
  urlBase: string,
  kind: AvatarKind,
  appid: string,
  openid: string,
  size?: number,
): string {
  const base = `${urlBase}/avatars/${kind}/${appid}/${openid}`;
  return size === undefined ? base : `${base}/${size}`;
}
