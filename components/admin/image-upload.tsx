"use client";

import { ImageIcon, Loader2, Trash2, Upload } from "lucide-react";
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export type ImageKind = "poster" | "backdrop" | "advert";

export type UploadedImage = { url: string; width: number; height: number };

/** What POST /api/admin/media answers: the stored image, or the reason it was refused. */
type UploadAnswer = Partial<UploadedImage> & { error?: string };

const ACCEPT = "image/jpeg,image/png,image/webp";

/** Uploads one file to /api/admin/media, reporting progress; resolves with the stored image or rejects with the server's message. */
function send(file: File, kind: ImageKind, onProgress: (fraction: number) => void): Promise<UploadedImage> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/admin/media");
    request.responseType = "json";
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const answer = (request.response ?? {}) as UploadAnswer;
      if (request.status === 200 && answer.url) resolve({ url: answer.url, width: answer.width ?? 0, height: answer.height ?? 0 });
      else reject(new Error(answer.error ?? "The image couldn't be uploaded. Try again."));
    };
    request.onerror = () => reject(new Error("The upload was interrupted. Check the connection and try again."));
    const form = new FormData();
    form.set("kind", kind);
    form.set("file", file);
    request.send(form);
  });
}

/**
 * An image field for admin forms: drop a file or choose one, see it uploading, then a preview with Replace and
 * Remove. The server (server/media through /api/admin/media) checks the file; its refusal shows beside the field.
 * `value` is the stored image's URL (what the row keeps), or null.
 */
export function ImageUpload({
  kind,
  value,
  onChange,
  label,
  invalid = false,
  describedBy,
}: {
  kind: ImageKind;
  value: string | null;
  onChange: (url: string | null) => void;
  /** The field's name, for the buttons' accessible names. */
  label: string;
  invalid?: boolean;
  describedBy?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const uploading = progress !== null;

  async function upload(file: File | undefined) {
    if (!file || uploading) return;
    setError(null);
    setProgress(0);
    try {
      const stored = await send(file, kind, setProgress);
      onChange(stored.url);
    } catch (refusal) {
      setError(refusal instanceof Error ? refusal.message : String(refusal));
    } finally {
      setProgress(null);
      if (input.current) input.current.value = "";
    }
  }

  const choose = () => input.current?.click();
  const described = [error ? errorId : null, describedBy].filter(Boolean).join(" ") || undefined;

  return (
    <div className="grid gap-2">
      <div
        data-testid="image-drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          void upload(event.dataTransfer.files[0]);
        }}
        className={cn(
          "flex flex-wrap items-center gap-4 rounded-lg border border-dashed p-3",
          dragging && "border-primary bg-primary/5",
          (invalid || error) && "border-destructive",
        )}
      >
        <div className="bg-muted flex h-20 w-32 shrink-0 items-center justify-center overflow-hidden rounded-md">
          {value ? (
            // eslint-disable-next-line @next/next/no-img-element -- a stored rendition, already sized; a preview only
            <img src={value} alt={`${label}: the uploaded image`} className="h-full w-full object-contain" />
          ) : (
            <ImageIcon className="text-muted-foreground size-6" aria-hidden />
          )}
        </div>
        <div className="grid gap-2">
          {uploading ? (
            <div className="grid gap-1" role="status">
              <span className="flex items-center gap-2 text-sm">
                <Loader2 className="size-4 animate-spin" aria-hidden /> Uploading… {Math.round((progress ?? 0) * 100)}%
              </span>
              <progress className="h-1.5 w-48" max={1} value={progress ?? 0} aria-label={`Uploading ${label.toLowerCase()}`} />
            </div>
          ) : (
            <p className="text-muted-foreground text-sm">
              {value ? "Drop another file here to replace it." : "Drop a JPEG, PNG or WebP here, or choose one."}
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="outline" size="sm" onClick={choose} disabled={uploading} aria-describedby={described} aria-invalid={invalid || error ? true : undefined}>
              <Upload aria-hidden /> {value ? "Replace" : "Choose file"}
              <span className="sr-only"> for {label.toLowerCase()}</span>
            </Button>
            {value ? (
              <Button type="button" variant="ghost" size="sm" onClick={() => onChange(null)} disabled={uploading}>
                <Trash2 aria-hidden /> Remove
                <span className="sr-only"> {label.toLowerCase()}</span>
              </Button>
            ) : null}
          </div>
        </div>
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          className="sr-only"
          tabIndex={-1}
          aria-label={label}
          onChange={(event) => void upload(event.target.files?.[0])}
        />
      </div>
      {error ? (
        <p id={errorId} role="alert" className="text-destructive text-sm">
          {error}
        </p>
      ) : null}
    </div>
  );
}
