/** A message an app's players may subscribe to; pushing it sends its content to each of them. */
export interface MessageTemplate {
  id: number;
  appId: string;
  title: string;
  content: string;
  createdAt: number;
}

/** A template as one player sees it. */
export interface TemplateStatus {
  template: MessageTemplate;
  subscribed: boolean;
}

export const SUBSCRIPTION_LIMITS = {
  /** Templates one app may define (a player's list shows them all). */
  templates: 100,
  titleLength: 64,
  /** Templates one subscribe or cancel call names. */
  idsPerCall: 100,
} as const;
