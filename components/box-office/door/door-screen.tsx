"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Camera, CameraOff, Volume2, VolumeX } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/client";
import type { CheckInResult, DoorDay } from "@/server/door/schemas";
import { formatTime } from "@/server/format";
import { beep } from "./beep";
import { CameraScanner } from "./camera-scanner";
import { ResultPanel } from "./result-panel";

const ANY = "any";
const POLL_MS = 5000;
const MUTE_KEY = "marquee.door.muted";

const kbd = "bg-muted rounded border px-1 font-mono text-[11px]";
const selectClass =
  "border-input bg-background focus-visible:ring-ring/50 focus-visible:border-ring h-9 rounded-md border px-2 text-sm shadow-xs outline-none focus-visible:ring-[3px]";

// Muting is remembered on the device (a door tablet stays muted for a quiet screen), across reloads and tabs.
const MUTE_EVENT = "marquee:door-muted";
const readMuted = () => window.localStorage.getItem(MUTE_KEY) === "1";
function subscribeMuted(onChange: () => void) {
  window.addEventListener(MUTE_EVENT, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(MUTE_EVENT, onChange);
    window.removeEventListener("storage", onChange);
  };
}
const noSubscription = () => () => {};

interface Scan {
  id: number;
  at: Date;
  result: CheckInResult;
}

/**
 * The door: a scan box that keeps the focus (a USB scanner types the code and Enter into it), the camera as an
 * alternative, a result panel readable from a step away with a tone, and the live admitted / sold counters.
 */
export function DoorScreen({ initialDay, initialScreeningId }: { initialDay: DoorDay; initialScreeningId?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [screeningId, setScreeningId] = useState<string>(
    initialScreeningId && initialDay.screenings.some((s) => s.id === initialScreeningId) ? initialScreeningId : ANY,
  );
  const [code, setCode] = useState("");
  const [result, setResult] = useState<CheckInResult | null>(null);
  const [recent, setRecent] = useState<Scan[]>([]);
  const muted = useSyncExternalStore(subscribeMuted, readMuted, () => false);
  const [camera, setCamera] = useState(false);
  // True once hydrated: the scan box is disabled until then, so a scan typed too early isn't lost to a dead form.
  const ready = useSyncExternalStore(noSubscription, () => true, () => false);
  const cinemaId = initialDay.cinema?.id;

  const dayQuery = useQuery({
    ...trpc.door.today.queryOptions({ cinemaId }),
    initialData: initialDay,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: true,
  });
  const day = dayQuery.data;
  const checkIn = useMutation(trpc.door.checkIn.mutationOptions());

  const focusInput = useCallback(() => inputRef.current?.focus(), []);

  // The box is disabled until hydration (autoFocus found it disabled): give it the focus as soon as it is live, so a
  // USB scanner works without anyone touching the screen.
  useEffect(() => {
    if (ready) focusInput();
  }, [ready, focusInput]);

  const scan = useCallback(
    async (raw: string) => {
      if (!cinemaId || !raw.trim()) return;
      setCode("");
      focusInput();
      try {
        const answer = await checkIn.mutateAsync({ code: raw, cinemaId, screeningId: screeningId === ANY ? null : screeningId });
        setResult(answer);
        setRecent((list) => [{ id: Date.now() + Math.random(), at: new Date(), result: answer }, ...list].slice(0, 8));
        if (!muted) beep(answer.outcome === "ADMITTED" ? "admitted" : "refused");
        void queryClient.invalidateQueries({ queryKey: trpc.door.today.queryKey() });
      } catch (error) {
        setResult({
          outcome: "NOT_FOUND",
          message: `Couldn't check the ticket: ${error instanceof Error ? error.message : "the connection failed"}. Scan it again.`,
          code: null,
          ticket: null,
          counter: null,
        });
        if (!muted) beep("refused");
      } finally {
        focusInput();
      }
    },
    [checkIn, cinemaId, focusInput, muted, queryClient, screeningId, trpc],
  );

  const toggleMute = useCallback(() => {
    window.localStorage.setItem(MUTE_KEY, readMuted() ? "0" : "1");
    window.dispatchEvent(new Event(MUTE_EVENT));
    focusInput();
  }, [focusInput]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey && (event.key === "m" || event.key === "M" || event.code === "KeyM")) {
        event.preventDefault();
        toggleMute();
      } else if (event.altKey && (event.key === "c" || event.key === "C" || event.code === "KeyC")) {
        event.preventDefault();
        setCamera((on) => !on);
        focusInput();
      } else if (document.activeElement === document.body && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
        // A USB scanner typing while nothing has the focus (someone clicked the page): catch it in the scan box.
        focusInput();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [focusInput, toggleMute]);

  if (!day.cinema) {
    return <p className="text-muted-foreground rounded-lg border border-dashed p-8 text-center">There are no cinemas yet.</p>;
  }
  const zone = day.cinema.timeZone;
  const selected = day.screenings.find((s) => s.id === screeningId) ?? null;
  const totals = day.screenings.reduce((sum, s) => ({ admitted: sum.admitted + s.admitted, sold: sum.sold + s.sold }), { admitted: 0, sold: 0 });
  const shown = selected ?? totals;

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]" data-ready={ready ? "true" : undefined}>
      <section aria-label="Check-in" className="space-y-3">
        <div className="flex flex-wrap items-end gap-3">
          {day.cinemas.length > 1 ? (
            <div className="grid gap-1">
              <Label htmlFor="door-cinema">Cinema</Label>
              <select
                id="door-cinema"
                className={selectClass}
                value={day.cinema.id}
                onChange={(event) => router.push(`/box-office/door?cinema=${encodeURIComponent(event.target.value)}`)}
              >
                {day.cinemas.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="grid min-w-64 flex-1 gap-1">
            <Label htmlFor="door-screening">Admitting to</Label>
            <select
              id="door-screening"
              className={selectClass}
              value={screeningId}
              onChange={(event) => {
                setScreeningId(event.target.value);
                setResult(null);
                // Kept in the address, so a reloaded door tablet still admits to the same screening.
                const url = new URL(window.location.href);
                if (event.target.value === ANY) url.searchParams.delete("screening");
                else url.searchParams.set("screening", event.target.value);
                window.history.replaceState(null, "", url);
                focusInput();
              }}
            >
              <option value={ANY}>Any screening today</option>
              {day.screenings.map((s) => (
                <option key={s.id} value={s.id} disabled={s.status === "CANCELLED"}>
                  {formatTime(s.startsAt, zone)} · {s.filmTitle} ({s.certificate}) · {s.hallName}
                  {s.status === "CANCELLED" ? " · cancelled" : ""}
                </option>
              ))}
            </select>
          </div>
          <Button type="button" variant="outline" onClick={toggleMute} aria-pressed={muted} title="Alt+M">
            {muted ? <VolumeX aria-hidden /> : <Volume2 aria-hidden />}
            {muted ? "Sound off" : "Sound on"} <kbd className={kbd}>Alt M</kbd>
          </Button>
          <Button type="button" variant="outline" onClick={() => setCamera((on) => !on)} aria-pressed={camera} title="Alt+C">
            {camera ? <CameraOff aria-hidden /> : <Camera aria-hidden />}
            {camera ? "Stop camera" : "Camera"} <kbd className={kbd}>Alt C</kbd>
          </Button>
        </div>

        <form
          className="flex gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            void scan(code);
          }}
        >
          <div className="grid flex-1 gap-1">
            <Label htmlFor="door-code">
              Scan or type a ticket code <span className="text-muted-foreground font-normal">(then <kbd className={kbd}>Enter</kbd>; <kbd className={kbd}>Esc</kbd> clears)</span>
            </Label>
            <Input
              id="door-code"
              ref={inputRef}
              autoFocus
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              enterKeyHint="go"
              value={code}
              disabled={!ready}
              onChange={(event) => setCode(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Escape") setCode("");
              }}
              placeholder="20-character code"
              className="h-14 font-mono text-2xl tracking-widest uppercase placeholder:font-sans placeholder:tracking-normal placeholder:normal-case md:text-2xl"
            />
          </div>
          <Button type="submit" size="lg" className="h-14 self-end px-6 text-base" disabled={!ready || !code.trim()}>
            Check in
          </Button>
        </form>

        <ResultPanel result={result} pending={checkIn.isPending} />

        {camera ? <CameraScanner onCode={(value) => void scan(value)} /> : null}
      </section>

      <aside aria-label="Admitted so far" className="space-y-3">
        <div className="rounded-lg border p-4">
          <p className="text-muted-foreground text-sm">{selected ? `${formatTime(selected.startsAt, zone)} · ${selected.filmTitle}` : "All screenings today"}</p>
          <p className="text-4xl font-black tabular-nums" data-testid="door-counter">
            {shown.admitted} <span className="text-muted-foreground text-2xl font-semibold">/ {shown.sold}</span>
          </p>
          <p className="text-muted-foreground text-sm">admitted / sold</p>
        </div>
        <ul className="divide-y rounded-lg border text-sm" aria-label="Today's screenings">
          {day.screenings.length === 0 ? <li className="text-muted-foreground p-3">No screenings today at {day.cinema.name}.</li> : null}
          {day.screenings.map((s) => (
            <li key={s.id} className={`flex items-center gap-2 px-3 py-2 ${s.id === screeningId ? "bg-muted font-medium" : ""}`}>
              <span className="w-11 tabular-nums">{formatTime(s.startsAt, zone)}</span>
              <span className="min-w-0 flex-1 truncate">
                {s.filmTitle} <span className="text-muted-foreground">· {s.hallName}</span>
              </span>
              <span className="tabular-nums" aria-label={`${s.admitted} admitted of ${s.sold} sold`}>
                {s.admitted}/{s.sold}
              </span>
            </li>
          ))}
        </ul>
        {recent.length ? (
          <div>
            <h2 className="text-muted-foreground mb-1 text-xs font-semibold tracking-wide uppercase">Last scans</h2>
            <ul className="space-y-1 text-xs" aria-label="Last scans">
              {recent.map((scanned) => (
                <li key={scanned.id} className="flex gap-2">
                  <span className="text-muted-foreground tabular-nums">{formatTime(scanned.at, zone)}</span>
                  <span className={scanned.result.outcome === "ADMITTED" ? "text-green-700" : "text-red-700"}>
                    {scanned.result.outcome.replace("_", " ").toLowerCase()}
                  </span>
                  <span className="truncate">{scanned.result.ticket ? `${scanned.result.ticket.seatLabel} · ${scanned.result.ticket.screening.filmTitle}` : ""}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </aside>
    </div>
  );
}
