import { html } from 'lit-html';
import { routeHash } from '../router.js';

/** Links to a guild's or a group's view on the groups page. */
export const guildLink = (guild: { id: number; union_id: string }) =>
  html`<a href=${routeHash('groups', { guild: guild.id })}>${guild.union_id}</a>`;

export const groupLink = (group: { gid: string; name: string }) =>
  html`<a href=${routeHash('groups', { group: group.gid })}>${group.name} (${group.gid})</a>`;
