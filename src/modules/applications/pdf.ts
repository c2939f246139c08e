/** The PDF writer moved to the platform (receipts here, notices in the cases module). */
export * from "../../platform/pdf/textPdf.js";
