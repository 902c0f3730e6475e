import type { EventPublisher } from "@/server/events";
import { inngest } from "./client";

export const inngestPublisher: EventPublisher = {
  async publish(name, data, options) {
    await inngest.send({ name, data, ...(options?.id ? { id: options.id } : {}) });
  },
};
