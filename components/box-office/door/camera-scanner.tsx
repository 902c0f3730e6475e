"use client";

import { CameraOff, Loader2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";

// The browser's BarcodeDetector where it exists (Chrome on Android, macOS, ChromeOS), else jsQR on frames drawn to a
// canvas (loaded only then). The same code seen again within a few seconds is one scan: a ticket held in front of the
// camera must not be "already admitted" a moment after it was admitted.
interface Detector {
  detect(source: HTMLVideoElement): Promise<Array<{ rawValue: string }>>;
}
type DetectorConstructor = new (options: { formats: string[] }) => Detector;

const REPEAT_MS = 3000;
const FRAME_MS = 180;

export function CameraScanner({ onCode }: { onCode: (code: string) => void }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const onCodeRef = useRef(onCode);
  const [state, setState] = useState<"starting" | "scanning" | "error">("starting");
  const [engine, setEngine] = useState<string>("");
  const [error, setError] = useState("");

  useEffect(() => {
    onCodeRef.current = onCode;
  }, [onCode]);

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const last = { code: "", at: 0 };

    async function start() {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
        const video = videoRef.current;
        if (stopped || !video) return;
        video.srcObject = stream;
        await video.play();
        const Native = (globalThis as unknown as { BarcodeDetector?: DetectorConstructor }).BarcodeDetector;
        let read: () => Promise<string | null>;
        if (Native) {
          const detector = new Native({ formats: ["qr_code"] });
          setEngine("BarcodeDetector");
          read = async () => (await detector.detect(video))[0]?.rawValue ?? null;
        } else {
          const { default: jsQR } = await import("jsqr");
          const canvas = document.createElement("canvas");
          const context2d = canvas.getContext("2d", { willReadFrequently: true });
          setEngine("jsQR");
          read = async () => {
            if (!context2d || !video.videoWidth) return null;
            // Scanning a smaller copy is fast enough on a tablet and still reads a phone's or a paper ticket's code.
            const scale = Math.min(1, 640 / video.videoWidth);
            canvas.width = Math.round(video.videoWidth * scale);
            canvas.height = Math.round(video.videoHeight * scale);
            context2d.drawImage(video, 0, 0, canvas.width, canvas.height);
            const image = context2d.getImageData(0, 0, canvas.width, canvas.height);
            return jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" })?.data ?? null;
          };
        }
        if (stopped) return;
        setState("scanning");
        const tick = async () => {
          if (stopped) return;
          try {
            const code = await read();
            const now = Date.now();
            if (code && (code !== last.code || now - last.at > REPEAT_MS)) {
              last.code = code;
              last.at = now;
              onCodeRef.current(code);
            } else if (code) {
              last.at = now;
            }
          } catch {
            // A frame that couldn't be read: try the next one.
          }
          timer = setTimeout(tick, FRAME_MS);
        };
        void tick();
      } catch (e) {
        if (stopped) return;
        setState("error");
        setError(
          e instanceof DOMException && e.name === "NotAllowedError"
            ? "The browser wasn't allowed to use the camera. Allow it in the address bar, or scan with a USB scanner."
            : "No camera could be opened on this device. Scan with a USB scanner or type the code.",
        );
      }
    }
    void start();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  return (
    <div className="relative overflow-hidden rounded-lg border bg-black">
      <video ref={videoRef} className="aspect-video w-full object-cover" muted playsInline aria-label="Camera view" />
      {state === "starting" ? (
        <p className="absolute inset-0 flex items-center justify-center gap-2 text-sm text-white">
          <Loader2 className="size-4 animate-spin" aria-hidden /> Starting the camera…
        </p>
      ) : null}
      {state === "error" ? (
        <p role="alert" className="absolute inset-0 flex items-center justify-center gap-2 p-4 text-center text-sm text-white">
          <CameraOff className="size-5 shrink-0" aria-hidden /> {error}
        </p>
      ) : null}
      {state === "scanning" ? (
        <p className="absolute bottom-1 left-2 text-[11px] text-white/70">Hold the QR code in the frame · {engine}</p>
      ) : null}
    </div>
  );
}
