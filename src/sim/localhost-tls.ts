/** A certificate and its private key, PEM. */
export interface LocalhostTls {
  cert: string;
  key: string;
}

let made: Promise<LocalhostTls> | undefined;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made once per process (an EC P-256 key takes
 * milliseconds), for the local wire-format endpoints only: clients under test trust exactly this
 * certificate (LocalServer.cert, written to a caFile for a CLI child), so no key is ever committed or
 * shipped. Valid 2000-2099 rather than from "now": tests fake the clock. `selfsigned` (about 70 ms to
 * import) loads only when an https endpoint starts.
 */
export function localhostTls(): Promise<LocalhostTls> {
  made ??= import('selfsigned')
    .then(({ generate }) =>
      generate([{ name: 'commonName', value: 'localhost' }], {
        keyType: 'ec',
        curve: 'P-256',
        algorithm: 'sha256',
        notBeforeDate: new Date(Date.UTC(2000, 0, 1)),
        notAfterDate: new Date(Date.UTC(2099, 11, 31)),
        extensions: [
          // Its own CA: the client's trust anchor is this very certificate.
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
          { name: 'extKeyUsage', serverAuth: true },
          {
            name: 'subjectAltName',
            altNames: [
              { type: 2, value: 'localhost' },
              { type: 7, ip: '127.0.0.1' },
            ],
          },
        ],
      }),
    )
    .then((r) => ({ cert: r.cert, key: r.private }));
  made.catch(() => {
    made = undefined;
  });
  return made;
}
