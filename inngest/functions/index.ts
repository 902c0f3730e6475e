import { services } from "@/server/services";
import type { FunctionDeps } from "./deps";
import { createOrderTimeout } from "./order-timeout";
import { createPaymentSaga, createPaymentSagaCompensation } from "./payment-saga";
import { createDailyReconciliation } from "./reconciliation";
import { createProcessRefund } from "./refund";
import { createShowReminder } from "./reminder";
import { createScreeningCancellation } from "./screening-cancellation";

export function createFunctions(deps: FunctionDeps) {
  return [
    createOrderTimeout(deps),
    createPaymentSaga(deps),
    createPaymentSagaCompensation(deps),
    createProcessRefund(deps),
    createShowReminder(deps),
    createDailyReconciliation(deps),
    createScreeningCancellation(deps),
  ];
}

export const functions = createFunctions({ booking: () => services().booking, scheduling: () => services().scheduling });
