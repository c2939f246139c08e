/** API view of an open item (no internal ids). */
export function presentOpenItem(row: { kassenzeichen: string; plate: string | null; amount_cents: number; due_date: string; description: string; status: "open" | "paid" | "withdrawn" }, paidAt: Date | null) {
  return { kassenzeichen: row.kassenzeichen, plate: row.plate, amountCents: row.amount_cents, dueDate: row.due_date, description: row.description, status: row.status, paidAt: paidAt ? paidAt.toISOString() : null };
}
