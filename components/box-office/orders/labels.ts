// Words for the codes a booking's detail shows.
export const tenderLabels: Record<string, string> = { cash: "Cash", card: "Card (counter)", comp: "Complimentary", web: "Online" };

export const refundReasonLabels: Record<string, string> = {
  CUSTOMER_REQUEST: "Customer request",
  WRONG_BOOKING: "Wrong booking",
  SCREENING_PROBLEM: "Screening problem",
  DUPLICATE: "Duplicate booking",
  OTHER: "Other (say why)",
  EXCHANGE: "Exchange difference",
};

export const historyLabels: Record<string, string> = {
  "order.staff_refund": "Refunded by staff",
  "order.exchange_prepared": "Exchange started (new seats held)",
  "order.exchange_abandoned": "Exchange given up",
  "order.exchanged_out": "Tickets exchanged to another screening",
  "order.exchanged_in": "Created by an exchange",
  "order.refund_retried": "Refund retried by staff",
  "order.attention_resolved": "Resolved by staff",
  "order.items_collected": "Concessions handed over",
};

export const selectClass =
  "border-input focus-visible:border-ring focus-visible:ring-ring/50 h-9 w-full rounded-md border bg-transparent px-3 text-sm outline-none focus-visible:ring-[3px]";
