// A local stand-in for the part of Stripe's API Marquee calls, so that the real `stripe` client (pointed here with
// host/port/protocol) is tested without internet: create and retrieve Checkout Sessions, list sessions by payment
// intent, retrieve a PaymentIntent (with its latest charge), create and list refunds. Bodies arrive form-encoded as
// the SDK sends them; every request is recorded with its Idempotency-Key, and a key seen before answers what it
// answered then, as Stripe does. Webhooks are signed with the SDK's own generateTestHeaderString.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The form-encoded body, keys as sent (`line_items[0][price_data][currency]`). */
  body: Record<string, string>;
  idempotencyKey: string | null;
}

type Json = Record<string, unknown>;

const newId = (prefix: string) => `${prefix}_test_${randomBytes(10).toString("hex")}`;

export interface StripeStandIn {
  url: string;
  host: string;
  port: number;
  requests: RecordedRequest[];
  sessions: Map<string, Json>;
  /** The next `count` requests to paths starting with `pathPrefix` answer 500 (an outage at Stripe). */
  failNext(pathPrefix: string, count?: number): void;
  /** The customer paid the session: complete, paid, with a payment intent and a charge. Returns the session object. */
  pay(sessionId: string): Json;
  /** The charge of a paid session. */
  chargeOf(sessionId: string): string;
  /** A refund made at Stripe (the dashboard): not through Marquee, no metadata. */
  dashboardRefund(sessionId: string, amount: number): Json;
  /** A signed webhook body and headers for an event of this type about this object. */
  event(type: string, object: Json, options?: { id?: string; timestamp?: number; secret?: string }): { rawBody: string; headers: Record<string, string>; id: string };
  close(): Promise<void>;
}

export async function startStripeStandIn(options: { webhookSecret: string; now?: () => Date }): Promise<StripeStandIn> {
  const now = options.now ?? (() => new Date());
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, Json>();
  const intents = new Map<string, Json>();
  const charges = new Map<string, Json>();
  const refunds = new Map<string, Json>();
  const byIdempotencyKey = new Map<string, { status: number; body: Json }>();
  const failures: Array<{ pathPrefix: string; remaining: number }> = [];
  const signer = new Stripe("sk_test_stand_in");

  const list = (data: Json[]) => ({ object: "list", data, has_more: false, url: "/v1/list" });
  const error = (status: number, message: string) => ({ status, body: { error: { type: "invalid_request_error", message } } });

  function createSession(body: Record<string, string>): Json {
    const id = newId("cs");
    const session: Json = {
      id,
      object: "checkout.session",
      mode: body.mode,
      url: `https://checkout.stripe.test/c/pay/${id}`,
      amount_total: Number(body["line_items[0][price_data][unit_amount]"]) * Number(body["line_items[0][quantity]"] ?? 1),
      currency: body["line_items[0][price_data][currency]"],
      client_reference_id: body.client_reference_id ?? null,
      metadata: metadataOf(body, "metadata"),
      success_url: body.success_url,
      cancel_url: body.cancel_url,
      status: "open",
      payment_status: "unpaid",
      payment_intent: null,
      created: Math.floor(now().getTime() / 1000),
    };
    sessions.set(id, session);
    return session;
  }

  function createRefund(body: Record<string, string>): { status: number; body: Json } {
    const intent = intents.get(body.payment_intent ?? "");
    if (!intent) return error(400, `No such payment_intent: '${body.payment_intent}'`);
    const charge = charges.get(intent.latest_charge as string)!;
    const amount = body.amount ? Number(body.amount) : (charge.amount as number) - (charge.amount_refunded as number);
    if (amount + (charge.amount_refunded as number) > (charge.amount as number)) {
      return error(400, `Refund amount (${amount}) is greater than unrefunded amount on charge`);
    }
    charge.amount_refunded = (charge.amount_refunded as number) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    const refund: Json = {
      id: newId("re"),
      object: "refund",
      amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: intent.id,
      status: "succeeded",
      metadata: metadataOf(body, "metadata"),
      created: Math.floor(now().getTime() / 1000),
    };
    refunds.set(refund.id as string, refund);
    return { status: 200, body: refund };
  }

  function route(method: string, path: string, query: URLSearchParams, body: Record<string, string>): { status: number; body: Json } {
    let match: RegExpExecArray | null;
    if (method === "POST" && path === "/v1/checkout/sessions") return { status: 200, body: createSession(body) };
    if (method === "GET" && path === "/v1/checkout/sessions") {
      const intent = query.get("payment_intent");
      return { status: 200, body: list([...sessions.values()].filter((s) => !intent || s.payment_intent === intent)) };
    }
    if (method === "GET" && (match = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path))) {
      const session = sessions.get(decodeURIComponent(match[1]!));
      return session ? { status: 200, body: session } : error(404, "No such checkout.session");
    }
    if (method === "GET" && (match = /^\/v1\/payment_intents\/([^/]+)$/.exec(path))) {
      const intent = intents.get(decodeURIComponent(match[1]!));
      if (!intent) return error(404, "No such payment_intent");
      const expand = query.getAll("expand[]").concat(query.getAll("expand[0]"));
      return { status: 200, body: expand.includes("latest_charge") ? { ...intent, latest_charge: charges.get(intent.latest_charge as string) } : intent };
    }
    if (method === "POST" && path === "/v1/refunds") return createRefund(body);
    if (method === "GET" && path === "/v1/refunds") {
      const charge = query.get("charge");
      const found = [...refunds.values()].filter((r) => !charge || r.charge === charge).sort((a, b) => (b.created as number) - (a.created as number));
      return { status: 200, body: list(found.slice(0, Number(query.get("limit") ?? 10))) };
    }
    return error(404, `Unrecognized request URL (${method}: ${path})`);
  }

  async function readBody(request: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://stand-in");
    const text = await readBody(request);
    const body = Object.fromEntries(new URLSearchParams(text));
    const key = (request.headers["idempotency-key"] as string | undefined) ?? null;
    const method = request.method ?? "GET";
    requests.push({ method, path: url.pathname, query: url.searchParams, body, idempotencyKey: key });

    let answer: { status: number; body: Json };
    const failure = failures.find((f) => f.remaining > 0 && url.pathname.startsWith(f.pathPrefix));
    if (failure) {
      failure.remaining -= 1;
      answer = { status: 500, body: { error: { type: "api_error", message: "stand-in outage" } } };
    } else if (method === "POST" && key && byIdempotencyKey.has(`${url.pathname}:${key}`)) {
      answer = byIdempotencyKey.get(`${url.pathname}:${key}`)!;
    } else {
      answer = route(method, url.pathname, url.searchParams, body);
      if (method === "POST" && key) byIdempotencyKey.set(`${url.pathname}:${key}`, answer);
    }
    response.writeHead(answer.status, { "content-type": "application/json", "request-id": newId("req") });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    host: "127.0.0.1",
    port,
    requests,
    sessions,
    failNext(pathPrefix, count = 1) {
      failures.push({ pathPrefix, remaining: count });
    },
    pay(sessionId) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      const intentId = newId("pi");
      const chargeId = newId("ch");
      charges.set(chargeId, {
        id: chargeId,
        object: "charge",
        amount: session.amount_total,
        amount_refunded: 0,
        currency: session.currency,
        payment_intent: intentId,
        refunded: false,
      });
      intents.set(intentId, {
        id: intentId,
        object: "payment_intent",
        amount: session.amount_total,
        currency: session.currency,
        status: "succeeded",
        latest_charge: chargeId,
        metadata: session.metadata,
      });
      Object.assign(session, { status: "complete", payment_status: "paid", payment_intent: intentId });
      return session;
    },
    chargeOf(sessionId) {
      const intent = intents.get(String(sessions.get(sessionId)?.payment_intent));
      if (!intent) throw new Error(`session ${sessionId} is not paid`);
      return intent.latest_charge as string;
    },
    dashboardRefund(sessionId, amount) {
      const session = sessions.get(sessionId);
      const answer = createRefund({ payment_intent: String(session?.payment_intent), amount: String(amount) });
      if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
      return answer.body;
    },
    event(type, object, eventOptions = {}) {
      const id = eventOptions.id ?? newId("evt");
      const rawBody = JSON.stringify(
        { id, object: "event", api_version: "2026-11-18.endive", created: Math.floor(now().getTime() / 1000), type, livemode: false, data: { object } },
        null,
        2,
      );
      const header = signer.webhooks.generateTestHeaderString({
        payload: rawBody,
        secret: eventOptions.secret ?? options.webhookSecret,
        timestamp: eventOptions.timestamp ?? Math.floor(now().getTime() / 1000),
      });
      return { rawBody, headers: { "content-type": "application/json", "stripe-signature": header }, id };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `metadata[key]=value` form fields back into an object. */
function metadataOf(body: Record<string, string>, field: string): Record<string, string> {
  const out: Record<string, string> = {};
  const prefix = `${field}[`;
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith(prefix) && key.endsWith("]") && !key.slice(prefix.length).includes("[")) out[key.slice(prefix.length, -1)] = value;
  }
  return out;
}
