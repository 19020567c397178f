import net from 'node:net';

/** A TCP port free right now on loopback (the sandbox's OAuth redirect needs a fixed port). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

/**
 * Starts something on a port found free, again on another one when a test elsewhere took that
 * port between the look and the listen (the backend must know its port before it listens: the
 * sandbox's redirect and widget origins name it). The backend's own ListenError says which.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (error) {
      const inUse = (error as { code?: string }).code === 'EADDRINUSE';
      if (!inUse || attempt >= 5) throw error;
    }
  }
}

/**
 * Connects the sandbox's simulated Zoho through its real consent page, as an admin would, and
 * returns the callback page's response (it posts the session to the widget).
 */
export async function connectSandboxZoho(backendUrl: string): Promise<Response> {
  const start = await fetch(`${backendUrl}/oauth/zoho/connect`, { redirect: 'manual' });
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  const authorize = new URL(start.headers.get('location')!);
  const page = await (await fetch(authorize)).text();
  const userId = /<option value="(\d+)"[^>]*>Sandbox Admin/.exec(page)?.[1];
  if (!userId) throw new Error('the consent page offers no "Sandbox Admin"');
  const consent = await fetch(new URL('auth/consent', authorize), {
    method: 'POST',
    body: new URLSearchParams({
      ...Object.fromEntries(authorize.searchParams),
      user_id: userId,
      decision: 'accept',
    }),
    redirect: 'manual',
  });
  const done = await fetch(consent.headers.get('location')!, { headers: { cookie } });
  if (done.status !== 200) throw new Error(`Zoho connect failed: ${done.status}`);
  return done;
}
