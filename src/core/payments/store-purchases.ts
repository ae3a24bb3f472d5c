import type { App } from '../apps/types.js';

/** The app stores whose purchases Guildhall verifies. */
export type AppStore = 'google_play' | 'app_store';

/** What a client sends to prove a store purchase. */
export interface PurchaseProof {
  /** The product the game sold (Google product id / Apple product id). */
  productId: string;
  /**
   * Google: the purchase token. Apple: a StoreKit 2 signed transaction (JWS), a transaction id,
   * or a legacy base64 receipt.
   */
  token: string;
  /** The package name / bundle id the client names; checked against the app's store set-up. */
  packageName?: string;
}

/** A purchase the store confirmed. */
export interface VerifiedPurchase {
  store: AppStore;
  /** The store's order id shown to players (Google `orderId`, Apple `transactionId`). */
  storeOrderId: string;
  /**
   * Unique per purchase, for ever (Google purchase token, Apple original transaction id): it
   * pays at most one order.
   */
  purchaseKey: string;
  productId: string;
  packageName: string;
  environment: 'production' | 'sandbox';
  purchasedAt: number;
}

/** The verifier of each store that has one. */
export type StorePurchaseVerifiers = Readonly<Record<AppStore, StorePurchaseVerifier>>;

/**
 * Verifies purchases with a store (a provider client talking to Google's or Apple's API).
 * Throws `purchase.invalid` when the store says the proof is not a valid, purchased, unconsumed
 * purchase of this app and product, `purchase.store_unavailable` when the store cannot be
 * reached, `purchase.not_configured` when the app has no set-up for that store.
 */
export interface StorePurchaseVerifier {
  readonly store: AppStore;
  verify(app: App, proof: PurchaseProof): Promise<VerifiedPurchase>;
  /** Tells the store the purchase was granted (Google: acknowledge); a no-op where none is needed. */
  acknowledge(app: App, purchase: VerifiedPurchase, proof: PurchaseProof): Promise<void>;
}

/** What a store's signed server notification says of a purchase. */
export type StoreNotice =
  /** The purchase with this key was refunded or revoked. */
  | { kind: 'refund'; purchaseKey: string; storeOrderId: string }
  /** Anything else: nothing for orders to do. */
  | { kind: 'other'; type: string };

/** Verifies and reads a store's signed server notifications (App Store Server Notifications). */
export interface StoreNotificationReader {
  read(app: App, signedPayload: string): Promise<StoreNotice>;
}
