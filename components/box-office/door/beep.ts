// A short tone through WebAudio, so no sound files: high and brief for admitted, a low buzz for anything refused. The
// context is created on the first scan (a key press or click, which browsers require before playing sound).
let context: AudioContext | null = null;

export function beep(kind: "admitted" | "refused") {
  try {
    context ??= new AudioContext();
    const at = context.currentTime;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    const admitted = kind === "admitted";
    const duration = admitted ? 0.16 : 0.45;
    oscillator.type = admitted ? "sine" : "square";
    oscillator.frequency.value = admitted ? 1320 : 160;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(admitted ? 0.3 : 0.2, at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + duration);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + duration + 0.02);
  } catch {
    // No audio device, or the browser refused: the colour and the text still say it.
  }
}
