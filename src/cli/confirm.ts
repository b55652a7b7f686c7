/**
 * Asking the person at the terminal before a change, as `terraform apply` asks for "yes". The
 * terminal is a port so tests answer the question without a pseudo-terminal.
 */
import { createInterface } from 'node:readline/promises';

export interface Terminal {
  /** Whether someone can answer: stdin is a terminal, not a pipe, file or /dev/null. */
  readonly stdinIsTTY: boolean;
  /** Writes the question (to stderr, so stdout stays the report) and resolves to the line typed. */
  ask(question: string): Promise<string>;
}

export const processTerminal: Terminal = {
  get stdinIsTTY() {
    return Boolean(process.stdin.isTTY);
  },
  async ask(question) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
};

/** Only "yes" goes ahead, as with Terraform: "y", "YES " or an empty line do not. */
export async function confirmed(terminal: Terminal, what: string): Promise<boolean> {
  const answer = await terminal.ask(`\n${what}\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: `);
  return answer.trim() === 'yes';
}
