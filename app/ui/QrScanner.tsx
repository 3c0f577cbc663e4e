/**
 * Reads a pickup code from the consumer's QR with the device camera. Chrome on Android has the
 * browser's own BarcodeDetector; elsewhere jsQR (pure JavaScript) is downloaded only when the
 * scanner is first opened, so the desk page itself stays light.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { useTranslation } from "../infra/translate";

type Detect = (video: HTMLVideoElement) => Promise<string | null>;

type BarcodeDetectorLike = {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
};
declare global {
  interface Window {
    BarcodeDetector?: new (options: { formats: string[] }) => BarcodeDetectorLike;
  }
}

async function makeDetector(): Promise<Detect> {
  if (window.BarcodeDetector) {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import("jsqr");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true })!;
  return async (video) => {
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    if (canvas.width === 0) return null;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(image.data, image.width, image.height)?.data ?? null;
  };
}

const noSubscription = () => () => {};

/** A button that opens the camera; calls `onCode` with the first QR read, then closes it. */
export function QrScanner({ onCode }: { onCode: (code: string) => void }) {
  const { t } = useTranslation();
  // False on the server and at hydration; true once the browser shows it has a camera API.
  const supported = useSyncExternalStore(
    noSubscription,
    () => Boolean(navigator.mediaDevices?.getUserMedia),
    () => false,
  );
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (!open) return;
    let stream: MediaStream | undefined;
    let stopped = false;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
        });
        const element = video.current!;
        element.srcObject = stream;
        await element.play();
        const detect = await makeDetector();
        while (!stopped) {
          const code = await detect(element);
          if (code) {
            onCode(code.trim());
            setOpen(false);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      } catch {
        if (!stopped) {
          setFailed(true);
          setOpen(false);
        }
      }
    })();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [open, onCode]);

  if (!supported) return null;
  return (
    <div className="scanner">
      <button
        type="button"
        className="button secondary big"
        aria-expanded={open}
        onClick={() => {
          setFailed(false);
          setOpen(!open);
        }}
      >
        {open ? t("coordDesk.scanStop") : t("coordDesk.scan")}
      </button>
      {open ? (
        <video
          ref={video}
          className="scanner-video"
          muted
          playsInline
          aria-label={t("coordDesk.camera")}
        />
      ) : null}
      {failed ? (
        <p className="field-error" role="alert">
          {t("coordDesk.scanFailed")}
        </p>
      ) : null}
    </div>
  );
}
