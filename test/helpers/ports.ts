// Ports for tests that need one nothing listens on.
import net from 'node:net';

/** A loopback port nothing listens on: bound, then closed, so a dial there is refused at once. */
export async function freeClosedPort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
