"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2, RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, useSyncExternalStore } from "react";
import { type Control, useForm } from "react-hook-form";
import { toast } from "sonner";
import { applyServerError } from "@/components/auth/server-errors";
import { validationModes } from "@/components/forms/validation-modes";
import { NotSaved, textareaClass } from "@/components/admin/form-parts";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/client";
import { certificateLabels } from "@/server/catalogue/labels";
import { Certificate, type FilmStatus } from "@/server/db/generated/enums";
import { type AdminFilm, FILM_SYNOPSIS_MAX, filmFormSchema, type FilmFormValues, slugify } from "@/server/programme/film-schemas";
import { filmStatusLabels } from "./film-status";
import { ImageUpload } from "./image-upload";

const FIELDS = [
  "title",
  "slug",
  "tagline",
  "synopsis",
  "runtimeMinutes",
  "certificate",
  "genres",
  "cast",
  "director",
  "languages",
  "releaseDate",
  "trailerUrl",
  "status",
  "posterUrl",
  "backdropUrl",
] as const;

const subscribeNever = () => () => {};

function initialValues(editing: AdminFilm | null): FilmFormValues {
  if (editing) {
    const { id: _id, version: _version, screenings: _screenings, hasSales: _hasSales, ...values } = editing;
    return values;
  }
  return {
    title: "",
    slug: "",
    tagline: "",
    synopsis: "",
    runtimeMinutes: Number.NaN,
    certificate: "PG",
    genres: [],
    cast: [],
    director: "",
    languages: ["English"],
    releaseDate: "",
    trailerUrl: "",
    status: "DRAFT",
    // Empty until a poster is uploaded: the schema's message asks for one.
    posterUrl: "",
    backdropUrl: null,
  };
}

/**
 * Create or edit a film: the same zod schema as the server, the server's refusals beside their fields, the slug
 * derived from the title until edited by hand, and poster and backdrop uploaded through the media module. An edit
 * carries the version it was opened at; a newer one is refused with "changed by someone else".
 */
export function FilmForm({ editing }: { editing: AdminFilm | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  // A new film's slug follows its title until someone types in the slug field.
  const slugTouched = useRef(editing !== null);
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);
  const form = useForm<FilmFormValues>({
    ...validationModes,
    resolver: zodResolver(filmFormSchema),
    defaultValues: initialValues(editing),
  });

  const onError = (error: Parameters<typeof applyServerError>[1] & { data?: { code?: string; fieldErrors?: unknown } | null }) => {
    const fieldErrors = (error.data?.fieldErrors ?? {}) as Record<string, unknown>;
    if (error.data?.code === "CONFLICT" && !fieldErrors.slug) {
      setConflict(error.message);
      return;
    }
    setFormError(applyServerError(form, error, FIELDS));
  };
  const create = useMutation(
    trpc.admin.films.create.mutationOptions({
      onSuccess: (film) => {
        toast.success(`${film.title} created.`);
        router.push(`/admin/films/${film.id}`);
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.admin.films.update.mutationOptions({
      onSuccess: (film) => {
        toast.success(`${film.title} saved.`);
        router.refresh();
      },
      onError,
    }),
  );
  const pending = create.isPending || update.isPending;
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    if (editing) update.mutate({ ...values, id: editing.id, version: editing.version });
    else create.mutate(values);
  });
  const statusChoices: FilmStatus[] = editing?.status === "ARCHIVED" ? ["DRAFT", "PUBLISHED", "ARCHIVED"] : ["DRAFT", "PUBLISHED"];

  return (
    <div className="space-y-4">
      {conflict ? (
        <NotSaved>
          <p>{conflict}</p>
          <Button type="button" variant="outline" size="sm" onClick={() => router.refresh()}>
            <RefreshCw aria-hidden /> Reload
          </Button>
        </NotSaved>
      ) : null}
      {formError ? <NotSaved>{formError}</NotSaved> : null}
      <Form {...form}>
        <form
          onSubmit={onSubmit}
          noValidate
          aria-label={editing ? `Edit ${editing.title}` : "New film"}
          className="grid gap-6 lg:grid-cols-[1fr_18rem]"
          data-interactive={hydrated || undefined}
        >
          <div className="grid content-start gap-4">
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField
                control={form.control}
                name="title"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Title</FormLabel>
                    <FormControl>
                      <Input
                        {...field}
                        autoFocus={!editing}
                        onChange={(event) => {
                          field.onChange(event);
                          if (!slugTouched.current) form.setValue("slug", slugify(event.target.value));
                        }}
                      />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
              <FormField
                control={form.control}
                name="slug"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Address</FormLabel>
                    <FormControl>
                      <Input
                        {...field}
                        onChange={(event) => {
                          slugTouched.current = true;
                          field.onChange(event);
                        }}
                      />
                    </FormControl>
                    <FormDescription>/films/{field.value || "…"}</FormDescription>
                    <FormMessage />
                  </FormItem>
                )}
              />
            </div>
            <FormField
              control={form.control}
              name="tagline"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Tagline (optional)</FormLabel>
                  <FormControl>
                    <Input {...field} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="synopsis"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Synopsis</FormLabel>
                  <FormControl>
                    <textarea {...field} rows={5} maxLength={FILM_SYNOPSIS_MAX + 50} className={textareaClass} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <div className="grid gap-4 sm:grid-cols-3">
              <FormField
                control={form.control}
                name="runtimeMinutes"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Running time (minutes)</FormLabel>
                    <FormControl>
                      <Input
                        type="number"
                        min={1}
                        step={1}
                        name={field.name}
                        ref={field.ref}
                        onBlur={field.onBlur}
                        value={Number.isNaN(field.value) ? "" : field.value}
                        onChange={(event) => field.onChange(event.target.valueAsNumber)}
                      />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
              <SelectField
                control={form.control}
                name="certificate"
                label="Certificate"
                options={Object.values(Certificate).map((value) => ({ value, label: certificateLabels[value] }))}
              />
              <FormField
                control={form.control}
                name="releaseDate"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Release date</FormLabel>
                    <FormControl>
                      <Input type="date" {...field} />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
            </div>
            <FormField
              control={form.control}
              name="director"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Director</FormLabel>
                  <FormControl>
                    <Input {...field} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <ListField control={form.control} name="cast" label="Cast" description="Names separated by commas, lead first." />
            <div className="grid gap-4 sm:grid-cols-2">
              <ListField control={form.control} name="genres" label="Genres" description="Separated by commas: Drama, Thriller." />
              <ListField control={form.control} name="languages" label="Languages" description="Spoken languages, separated by commas." />
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField
                control={form.control}
                name="trailerUrl"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Trailer (optional)</FormLabel>
                    <FormControl>
                      <Input {...field} type="url" inputMode="url" placeholder="https://…" />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
              <SelectField
                control={form.control}
                name="status"
                label="Status"
                options={statusChoices.map((value) => ({ value, label: filmStatusLabels[value] }))}
                description="Customers see published films only. Archive with the Archive button above the form."
              />
            </div>
            <div className="flex gap-2">
              <Button type="submit" disabled={pending || conflict !== null} aria-busy={pending}>
                {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
                {editing ? "Save changes" : "Create film"}
              </Button>
              <Button type="button" variant="outline" onClick={() => router.push("/admin/films")} disabled={pending}>
                Cancel
              </Button>
            </div>
          </div>
          <div className="grid content-start gap-4">
            <FormField
              control={form.control}
              name="posterUrl"
              render={({ field, fieldState }) => (
                <FormItem>
                  <p className="text-sm font-medium">Poster</p>
                  <ImageUpload
                    kind="poster"
                    label="Poster"
                    value={field.value || null}
                    onChange={(url) => field.onChange(url ?? "")}
                    invalid={fieldState.invalid}
                  />
                  <FormDescription>Portrait, about 2:3, at least 400 × 600 pixels; JPEG, PNG or WebP.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="backdropUrl"
              render={({ field, fieldState }) => (
                <FormItem>
                  <p className="text-sm font-medium">Backdrop (optional)</p>
                  <ImageUpload kind="backdrop" label="Backdrop" value={field.value} onChange={field.onChange} invalid={fieldState.invalid} />
                  <FormDescription>Landscape, about 16:9, at least 1280 × 720 pixels.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
          </div>
        </form>
      </Form>
    </div>
  );
}

/** A labelled select (Radix, keyboard-operable) for one of the form's enum fields. */
function SelectField({
  control,
  name,
  label,
  options,
  description,
}: {
  control: Control<FilmFormValues>;
  name: "certificate" | "status";
  label: string;
  options: { value: string; label: string }[];
  description?: string;
}) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <Select value={field.value} onValueChange={field.onChange}>
            <FormControl>
              <SelectTrigger className="w-full" onBlur={field.onBlur} ref={field.ref}>
                <SelectValue />
              </SelectTrigger>
            </FormControl>
            <SelectContent>
              {options.map((option) => (
                <SelectItem key={option.value} value={option.value}>
                  {option.label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          {description ? <FormDescription>{description}</FormDescription> : null}
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

/** A list (genres, cast, languages) typed as comma-separated text; the form holds the array the schema checks. */
function ListField({
  control,
  name,
  label,
  description,
}: {
  control: Control<FilmFormValues>;
  name: "genres" | "cast" | "languages";
  label: string;
  description: string;
}) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            <ListInput name={field.name} inputRef={field.ref} value={field.value} onChange={field.onChange} onBlur={field.onBlur} />
          </FormControl>
          <FormDescription>{description}</FormDescription>
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

const splitList = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

function ListInput({
  value,
  onChange,
  onBlur,
  name,
  inputRef,
  ...aria
}: {
  value: string[];
  onChange: (value: string[]) => void;
  onBlur: () => void;
  name: string;
  inputRef: React.Ref<HTMLInputElement>;
}) {
  // The text as typed (a trailing comma included), so typing isn't fought; the form gets the parsed list.
  const [text, setText] = useState(value.join(", "));
  return (
    <Input
      {...aria}
      name={name}
      ref={inputRef}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        onChange(splitList(event.target.value));
      }}
      onBlur={() => {
        setText(splitList(text).join(", "));
        onBlur();
      }}
    />
  );
}
