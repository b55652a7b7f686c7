/**
 * Pulls the service's own explanation out of an error body, whatever the service's dialect:
 * Nova/Cinder `{"itemNotFound": {"message"}}`, Neutron `{"NeutronError": {"message"}}`,
 * Keystone `{"error": {"message"}}`, Ironic `{"error_message": "<json with faultstring>"}`,
 * Placement `{"errors": [{"detail"}]}`, Glance plain text or HTML.
 */
function fromObject(body: Record<string, unknown>): string | undefined {
  const ironic = body.error_message;
  if (typeof ironic === 'string') {
    try {
      const inner = JSON.parse(ironic) as Record<string, unknown>;
      if (typeof inner.faultstring === 'string') return inner.faultstring;
    } catch {
      return ironic;
    }
  }
  const errors = body.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0] as Record<string, unknown>;
    const msg = first.detail ?? first.title;
    if (typeof msg === 'string') return msg;
  }
  for (const key of ['message', 'faultstring', 'detail']) {
    if (typeof body[key] === 'string') return body[key] as string;
  }
  // One wrapper key: NeutronError, badRequest, itemNotFound, conflictingRequest, error, forbidden...
  for (const value of Object.values(body)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = value as Record<string, unknown>;
      if (typeof inner.message === 'string') return inner.message;
    }
  }
  return undefined;
}

export function serviceMessage(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (trimmed.startsWith('{')) {
    try {
      const msg = fromObject(JSON.parse(trimmed) as Record<string, unknown>);
      if (msg) return oneLine(msg);
    } catch {
      // not JSON after all: fall through to text
    }
  }
  return oneLine(trimmed.replace(/<[^>]*>/g, ' ')).slice(0, 500) || undefined;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
