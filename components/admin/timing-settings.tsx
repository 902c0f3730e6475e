"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Loader2, Save } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/client";
import { timingSettingSchema, type TimingSettings } from "@/server/scheduling/schemas";

/** "" → null (a hall uses the cinema's value); anything else a number for the schema to judge. */
const minutes = (text: string) => (text.trim() === "" ? null : Number(text));

/**
 * Pre-show and cleaning minutes for new screenings: the cinema's defaults and each hall's overrides. Validated with
 * the router's own schema before sending. Existing screenings keep the minutes they were scheduled with.
 */
export function TimingSettingsPanel({ cinemaId, canEdit }: { cinemaId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.admin.screenings.timing.queryOptions({ cinemaId }));
  if (query.isLoading) return <Loader2 className="size-4 animate-spin" aria-label="Loading timing" />;
  if (!query.data) return <p className="text-destructive text-sm">{query.error?.message ?? "Timing could not be loaded."}</p>;
  return <TimingRows key={JSON.stringify(query.data)} cinemaId={cinemaId} settings={query.data} canEdit={canEdit} onSaved={() => query.refetch()} />;
}

function TimingRows({ cinemaId, settings, canEdit, onSaved }: { cinemaId: string; settings: TimingSettings; canEdit: boolean; onSaved: () => unknown }) {
  const rows = [
    { hallId: null, name: "Cinema default", preShow: settings.cinema.preShowMinutes, cleaning: settings.cinema.cleaningMinutes },
    ...settings.halls.map((hall) => ({ hallId: hall.hallId, name: hall.hallName, preShow: hall.preShowMinutes, cleaning: hall.cleaningMinutes })),
  ];
  return (
    <table className="text-sm" aria-label="Pre-show and cleaning minutes">
      <thead>
        <tr className="text-muted-foreground text-left text-xs">
          <th scope="col" className="pr-3 font-medium">
            Where
          </th>
          <th scope="col" className="pr-3 font-medium">
            Pre-show (min)
          </th>
          <th scope="col" className="pr-3 font-medium">
            Cleaning (min)
          </th>
          <th scope="col">
            <span className="sr-only">Save</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <TimingRow key={row.hallId ?? "cinema"} cinemaId={cinemaId} row={row} canEdit={canEdit} onSaved={onSaved} />
        ))}
      </tbody>
    </table>
  );
}

function TimingRow({
  cinemaId,
  row,
  canEdit,
  onSaved,
}: {
  cinemaId: string;
  row: { hallId: string | null; name: string; preShow: number | null; cleaning: number | null };
  canEdit: boolean;
  onSaved: () => unknown;
}) {
  const trpc = useTRPC();
  const [preShow, setPreShow] = useState(row.preShow?.toString() ?? "");
  const [cleaning, setCleaning] = useState(row.cleaning?.toString() ?? "");
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(
    trpc.admin.screenings.setTiming.mutationOptions({
      onSuccess: () => {
        toast.success(`Timing saved for ${row.name.toLowerCase() === "cinema default" ? "the cinema" : row.name}.`);
        onSaved();
      },
      onError: (e) => setError(e.message),
    }),
  );
  const submit = () => {
    const parsed = timingSettingSchema.safeParse({ cinemaId, hallId: row.hallId, preShowMinutes: minutes(preShow), cleaningMinutes: minutes(cleaning) });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Enter whole minutes from 0 to 120.");
      return;
    }
    setError(null);
    save.mutate(parsed.data);
  };
  const placeholder = row.hallId ? "cinema's" : undefined;
  return (
    <tr>
      <th scope="row" className="pr-3 text-left font-normal">
        {row.name}
      </th>
      <td className="pr-3 py-1">
        <Input className="h-8 w-24" inputMode="numeric" aria-label={`Pre-show minutes, ${row.name}`} placeholder={placeholder} value={preShow} disabled={!canEdit} onChange={(e) => setPreShow(e.target.value)} />
      </td>
      <td className="pr-3 py-1">
        <Input className="h-8 w-24" inputMode="numeric" aria-label={`Cleaning minutes, ${row.name}`} placeholder={placeholder} value={cleaning} disabled={!canEdit} onChange={(e) => setCleaning(e.target.value)} />
      </td>
      <td className="py-1">
        {canEdit ? (
          <Button size="sm" variant="outline" aria-label={`Save timing, ${row.name}`} disabled={save.isPending} onClick={submit}>
            <Save aria-hidden />
          </Button>
        ) : null}
        {error ? (
          <span role="alert" className="text-destructive ml-2 text-xs">
            {error}
          </span>
        ) : null}
      </td>
    </tr>
  );
}
