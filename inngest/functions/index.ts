import { dailyReconciliation } from "./reconciliation";
import { orderTimeout } from "./order-timeout";
import { paymentSaga } from "./payment-saga";
import { processRefund } from "./refund";
import { showReminder } from "./reminder";

export const functions = [orderTimeout, paymentSaga, processRefund, showReminder, dailyReconciliation];
