"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2, RefreshCw } from "lucide-react";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { applyServerError } from "@/components/auth/server-errors";
import { validationModes } from "@/components/forms/validation-modes";
import { ImageUpload } from "@/components/admin/image-upload";
import { HomeHero } from "@/components/programme/home-hero";
import { HomeStripAdvert } from "@/components/programme/home-strip-advert";
import { NotSaved, textareaClass } from "@/components/admin/form-parts";
import { Button } from "@/components/ui/button";
import { RecordDialog } from "./record-dialog";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/client";
import { AdvertPlacement } from "@/server/db/generated/enums";
import {
  ADVERT_BODY_MAX,
  ADVERT_EVERYWHERE,
  type AdminAdvert,
  advertFormSchema,
  type AdvertFormValues,
  type AdvertList,
} from "@/server/programme/schemas";
import { PreShowSlide } from "@/components/programme/pre-show-slide";
import { ToggleChoices } from "./multi-pick";
import { instantToWallClock } from "@/server/programme/wall-clock";

const FIELDS = [
  "title",
  "body",
  "imageUrl",
  "linkUrl",
  "placement",
  "startsAt",
  "endsAt",
  "priority",
  "active",
  "cinemaIds",
  "durationSeconds",
  "filmId",
] as const;

/** What the form's pickers offer: the list query's cinemas and films. */
export type AdvertOptions = Pick<AdvertList, "cinemas" | "films">;
const NO_FILM = "none";
export const placementLabels: Record<AdvertPlacement, string> = {
  HOME_HERO: "Home page hero",
  HOME_STRIP: "Home page strip",
  PRE_SHOW: "Pre-show",
};

function initialValues(editing: AdminAdvert | null, timeZone: string): AdvertFormValues {
  if (editing) {
    return {
      title: editing.title,
      body: editing.body ?? "",
      imageUrl: editing.imageUrl,
      linkUrl: editing.linkUrl ?? "",
      placement: editing.placement,
      startsAt: editing.startsAtLocal,
      endsAt: editing.endsAtLocal,
      priority: editing.priority,
      active: editing.active,
      cinemaIds: editing.cinemaIds,
      durationSeconds: editing.durationSeconds,
      filmId: editing.filmId,
    };
  }
  const start = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
  const end = new Date(start.getTime() + 7 * 24 * 3600_000);
  return {
    title: "",
    body: "",
    imageUrl: null,
    linkUrl: "",
    placement: "HOME_STRIP",
    startsAt: instantToWallClock(start, timeZone),
    endsAt: instantToWallClock(end, timeZone),
    priority: 0,
    active: true,
    ...ADVERT_EVERYWHERE,
  };
}

/**
 * Create or edit an advert, with a live preview drawn by the home page's own component for the placement. The form
 * validates with the schema the server validates with; an edit carries the version it was opened at.
 */
export function AdvertDialog({
  open,
  onOpenChange,
  editing,
  timeZone,
  options,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  editing: AdminAdvert | null;
  timeZone: string;
  options: AdvertOptions;
  /** Loads the list again (after a save, or after a conflict). */
  onSaved: () => Promise<unknown>;
}) {
  return (
    <RecordDialog open={open} onOpenChange={onOpenChange} className="max-h-[92vh] overflow-y-auto sm:max-w-3xl">
      {(closeThen) => <AdvertForm editing={editing} timeZone={timeZone} options={options} onDone={() => closeThen(onSaved)} />}
    </RecordDialog>
  );
}

function AdvertForm({
  editing,
  timeZone,
  options,
  onDone,
}: {
  editing: AdminAdvert | null;
  timeZone: string;
  options: AdvertOptions;
  onDone: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const form = useForm<AdvertFormValues>({
    ...validationModes,
    resolver: zodResolver(advertFormSchema),
    defaultValues: initialValues(editing, timeZone),
  });
  const [title, body, imageUrl, linkUrl, placement, durationSeconds, filmId] = useWatch({
    control: form.control,
    name: ["title", "body", "imageUrl", "linkUrl", "placement", "durationSeconds", "filmId"],
  });

  const onError = (error: Parameters<typeof applyServerError>[1] & { data?: { code?: string } | null }) => {
    if (error.data?.code === "CONFLICT") {
      setConflict(error.message);
      return;
    }
    setFormError(applyServerError(form, error, FIELDS));
  };
  const settle = (saved: string) => ({
    onSuccess: async () => {
      toast.success(saved);
      await onDone();
    },
    onError,
  });
  const create = useMutation(trpc.admin.adverts.create.mutationOptions(settle("Advert created.")));
  const update = useMutation(trpc.admin.adverts.update.mutationOptions(settle("Advert saved.")));
  const pending = create.isPending || update.isPending;
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    if (editing) update.mutate({ ...values, id: editing.id, version: editing.version });
    else create.mutate(values);
  });
  const preview = { title: title.trim() || "Advert title", body: body.trim() || null, imageUrl, linkUrl: linkUrl.trim() || null };

  return (
    <>
      <DialogHeader>
        <DialogTitle>{editing ? "Edit advert" : "New advert"}</DialogTitle>
        <DialogDescription>Shown in its placement between its start and end while it is active; higher priority first.</DialogDescription>
      </DialogHeader>
      {conflict ? (
        <NotSaved>
          <p>{conflict}</p>
          <Button type="button" variant="outline" size="sm" onClick={onDone}>
            <RefreshCw aria-hidden /> Reload
          </Button>
        </NotSaved>
      ) : null}
      {formError ? <NotSaved>{formError}</NotSaved> : null}
      <Form {...form}>
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={editing ? "Edit advert" : "New advert"}>
          <FormField
            control={form.control}
            name="title"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Title</FormLabel>
                <FormControl>
                  <Input {...field} autoFocus />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="body"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Text (optional)</FormLabel>
                <FormControl>
                  <textarea {...field} rows={2} maxLength={ADVERT_BODY_MAX + 20} className={textareaClass} />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="imageUrl"
            render={({ field, fieldState }) => (
              <FormItem>
                <p className="text-sm font-medium">Image</p>
                <ImageUpload kind="advert" label="Advert image" value={field.value} onChange={field.onChange} invalid={fieldState.invalid} />
                <FormDescription>At least 640 × 320 pixels; JPEG, PNG or WebP.</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField
              control={form.control}
              name="linkUrl"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Link (optional)</FormLabel>
                  <FormControl>
                    <Input {...field} placeholder="/films/… or https://…" />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="placement"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Placement</FormLabel>
                  <Select value={field.value} onValueChange={field.onChange}>
                    <FormControl>
                      <SelectTrigger className="w-full" onBlur={field.onBlur} ref={field.ref}>
                        <SelectValue />
                      </SelectTrigger>
                    </FormControl>
                    <SelectContent>
                      {Object.values(AdvertPlacement).map((value) => (
                        <SelectItem key={value} value={value}>
                          {placementLabels[value]}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                  <FormMessage />
                </FormItem>
              )}
            />
            {(["startsAt", "endsAt"] as const).map((name) => (
              <FormField
                key={name}
                control={form.control}
                name={name}
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>{name === "startsAt" ? "Starts" : "Ends"}</FormLabel>
                    <FormControl>
                      <Input type="datetime-local" step={60} {...field} />
                    </FormControl>
                    <FormDescription>{timeZone} time</FormDescription>
                    <FormMessage />
                  </FormItem>
                )}
              />
            ))}
            <FormField
              control={form.control}
              name="priority"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Priority</FormLabel>
                  <FormControl>
                    <Input
                      type="number"
                      step={1}
                      name={field.name}
                      ref={field.ref}
                      onBlur={field.onBlur}
                      value={Number.isNaN(field.value) ? "" : field.value}
                      onChange={(event) => field.onChange(event.target.valueAsNumber)}
                    />
                  </FormControl>
                  <FormDescription>Higher shows first.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="active"
              render={({ field }) => (
                <FormItem className="flex flex-row items-center gap-2 self-center">
                  <FormControl>
                    <input
                      type="checkbox"
                      className="size-4"
                      name={field.name}
                      ref={field.ref}
                      onBlur={field.onBlur}
                      checked={field.value}
                      onChange={(event) => field.onChange(event.target.checked)}
                    />
                  </FormControl>
                  <FormLabel>Active (uncheck to pause)</FormLabel>
                  <FormMessage />
                </FormItem>
              )}
            />
          </div>
          <FormField
            control={form.control}
            name="cinemaIds"
            render={({ field }) => (
              <FormItem>
                <div className="text-sm font-medium">Cinemas</div>
                <ToggleChoices
                  label="Cinemas"
                  options={options.cinemas.map((cinema) => ({ value: cinema.id, label: cinema.name }))}
                  value={field.value}
                  onChange={field.onChange}
                  anyLabel="Every cinema"
                />
                <FormMessage />
              </FormItem>
            )}
          />
          {placement === "PRE_SHOW" ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField
                control={form.control}
                name="durationSeconds"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Length (seconds)</FormLabel>
                    <FormControl>
                      <Input
                        type="number"
                        min={1}
                        step={1}
                        name={field.name}
                        ref={field.ref}
                        onBlur={field.onBlur}
                        value={field.value === null || Number.isNaN(field.value) ? "" : field.value}
                        onChange={(event) => field.onChange(event.target.value === "" ? null : event.target.valueAsNumber)}
                      />
                    </FormControl>
                    <FormDescription>How long it runs in the pre-show reel.</FormDescription>
                    <FormMessage />
                  </FormItem>
                )}
              />
              <FormField
                control={form.control}
                name="filmId"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Trailer for</FormLabel>
                    <Select value={field.value ?? NO_FILM} onValueChange={(value) => field.onChange(value === NO_FILM ? null : value)}>
                      <FormControl>
                        <SelectTrigger className="w-full" onBlur={field.onBlur} ref={field.ref}>
                          <SelectValue />
                        </SelectTrigger>
                      </FormControl>
                      <SelectContent>
                        <SelectItem value={NO_FILM}>Not a trailer</SelectItem>
                        {options.films.map((film) => (
                          <SelectItem key={film.id} value={film.id}>
                            {film.title}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                    <FormDescription>A trailer is an advert for one film.</FormDescription>
                    <FormMessage />
                  </FormItem>
                )}
              />
            </div>
          ) : null}
          <div className="grid gap-2">
            <p className="text-sm font-medium" id="advert-preview-heading">
              Preview: {placementLabels[placement]}
            </p>
            <div className="bg-background rounded-lg border border-dashed p-3" role="group" aria-labelledby="advert-preview-heading" data-testid="advert-preview">
              {placement === "HOME_HERO" ? (
                <HomeHero advert={{ id: "preview", placement, ...preview }} />
              ) : placement === "HOME_STRIP" ? (
                <div className="max-w-md">
                  <HomeStripAdvert advert={preview} />
                </div>
              ) : (
                <div className="max-w-lg">
                  <PreShowSlide
                    advert={{
                      ...preview,
                      durationSeconds: Number.isFinite(durationSeconds) ? durationSeconds : null,
                      filmTitle: options.films.find((film) => film.id === filmId)?.title ?? null,
                    }}
                  />
                </div>
              )}
            </div>
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending || conflict !== null} aria-busy={pending}>
              {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              {editing ? "Save changes" : "Create advert"}
            </Button>
          </DialogFooter>
        </form>
      </Form>
    </>
  );
}
