// A node:test reporter that writes one JSON line per finished test (and per diagnostic), so the
// conformance runner can read a child run's results without parsing TAP. Plain JS: a reporter is
// loaded before any TypeScript loader could help.
export default async function* jsonlReporter(source) {
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:pass' || type === 'test:fail') {
      const error = data.details?.error;
      yield JSON.stringify({
        kind: type === 'test:pass' ? 'pass' : 'fail',
        name: data.name,
        nesting: data.nesting,
        file: data.file,
        skip: data.skip === undefined ? undefined : String(data.skip === true ? '' : data.skip),
        todo: data.todo === undefined ? undefined : String(data.todo === true ? '' : data.todo),
        error: error ? String(error.cause?.message ?? error.message ?? error).slice(0, 2000) : undefined,
        failureType: error?.failureType,
      }) + '\n';
    } else if (type === 'test:diagnostic' || type === 'test:stdout') {
      yield JSON.stringify({ kind: type === 'test:stdout' ? 'stdout' : 'diagnostic', message: String(data.message).trimEnd(), file: data.file, nesting: data.nesting }) + '\n';
    }
  }
}
