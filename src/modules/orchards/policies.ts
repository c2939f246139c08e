import type { SessionUser } from "../../platform/auth/session.js";

/**
 * Who may do what in the orchard exchange (server-side, per object):
 * - anyone reads active, unexpired listings and the equipment list;
 * - a signed-in citizen posts listings and equipment, asks to borrow, writes to a poster, reports a listing;
 * - only the owner edits or withdraws a listing, and confirms or declines loans of an item (staff for
 *   items without an owner account, e.g. the county's mobile press);
 * - nobody borrows their own item or writes to themselves;
 * - only the two participants read a conversation;
 * - staff moderate (hide a listing with a reason, dismiss a report).
 */
/** Who acts: a session's user or the account behind a personal API token (only id and kind count here). */
type Who = Pick<SessionUser, "id" | "kind">;

export interface Owned {
  owner_id: string | null;
}

const isCitizen = (user: Who | undefined): user is Who => !!user && user.kind === "citizen";

export function canPost(user: Who | undefined): boolean {
  return isCitizen(user);
}

export function isOwner(user: Who | undefined, obj: Owned | undefined): boolean {
  return isCitizen(user) && !!obj?.owner_id && obj.owner_id === user.id;
}

/** Edit and withdraw: the owner, while the listing is not hidden by moderation. */
export function canEditListing(user: Who | undefined, listing: (Owned & { status: string }) | undefined): boolean {
  return isOwner(user, listing) && listing!.status === "active";
}

/** Contact the poster: any citizen but the poster, when the listing has an account behind it. */
export function canContact(user: Who | undefined, listing: Owned | undefined): boolean {
  return isCitizen(user) && !!listing?.owner_id && listing.owner_id !== user.id;
}

export function canRequestLoan(user: Who | undefined, item: Owned | undefined): boolean {
  return isCitizen(user) && !!item && item.owner_id !== user.id;
}

/** The owner decides; items without an account behind them (the county's, associations') are decided by staff. */
export function canDecideLoan(user: Who | undefined, item: Owned | undefined): boolean {
  return isOwner(user, item) || (!!item && item.owner_id === null && user?.kind === "staff");
}

export function isParticipant(user: Who | undefined, conv: { owner_id: string; interested_id: string } | undefined): boolean {
  return isCitizen(user) && !!conv && (conv.owner_id === user.id || conv.interested_id === user.id);
}

export function canModerate(user: Who | undefined): boolean {
  return !!user && user.kind === "staff";
}
