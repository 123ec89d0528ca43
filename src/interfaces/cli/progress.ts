/**
 * Progress on stderr for long work. On a terminal one line is redrawn in place; elsewhere (CI,
 * logs) a line is printed per phase and at most every 10 % so logs stay short. Hand-written because
 * the libraries for this draw only on terminals, and Tocsin's imports also run under CI and services.
 */
import { io } from "./io.ts";

export interface Progress {
  update(label: string, done?: number, total?: number): void;
  done(message: string): void;
}

export function createProgress(stream: Pick<NodeJS.WriteStream, "write" | "isTTY"> = io().stderr as NodeJS.WriteStream): Progress {
  const tty = Boolean(stream.isTTY);
  let lastLabel = "";
  let lastTenth = -1;
  let lastDraw = 0;
  return {
    update(label, done, total) {
      const pct = done !== undefined && total ? Math.floor((100 * done) / total) : undefined;
      const text = pct === undefined ? label : `${label} ${pct}% (${done}/${total})`;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 50 && pct !== 100) return;
        lastDraw = now;
        stream.write(`\r\x1b[2K${text}`);
        return;
      }
      const tenth = pct === undefined ? -1 : Math.floor(pct / 10);
      if (label !== lastLabel || tenth > lastTenth) {
        stream.write(`${text}\n`);
        lastLabel = label;
        lastTenth = tenth;
      }
    },
    done(message) {
      stream.write(tty ? `\r\x1b[2K${message}\n` : `${message}\n`);
      lastLabel = "";
      lastTenth = -1;
    },
  };
}
