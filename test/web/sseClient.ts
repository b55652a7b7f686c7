/** Test helper: reads a Server-Sent Events response message by message. */
export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

export async function openStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<SseMessage> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message: SseMessage = { data: '' };
        const lines = block.split('\n').filter((l) => !l.startsWith(':'));
        if (lines.length === 0 || lines.every((l) => l.startsWith('retry:'))) continue;
        for (const line of lines) {
          const [field, ...rest] = line.split(': ');
          const value = rest.join(': ');
          if (field === 'id') message.id = value;
          else if (field === 'event') message.event = value;
          else if (field === 'data') message.data += value;
        }
        return message;
      }
      const chunk = await reader.read();
      if (chunk.done) throw new Error('stream ended');
      buffer += chunk.value;
    }
  };
  return { res, next, close: () => controller.abort() };
}
