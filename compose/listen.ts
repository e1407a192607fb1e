import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import { StartupError } from '../src/ports/errors.js';

/** Listens on `port`; a port in use or not allowed ends the start with a StartupError. */
export function listen(app: Express, port: number): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const server = createServer(app);
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? 'is in use by another process'
          : `cannot be used (${error.code ?? error.message})`;
      reject(
        new StartupError(
          'PORT',
          `PORT=${port}: the port ${why}; stop the other process, or set PORT (or serve --port) to a free port.`,
          { cause: error },
        ),
      );
    });
    server.listen(port, () => resolve(server));
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The local URL of a listening server (port 0 picks a free port). */
export function localUrl(server: Server, fallbackPort: number): string {
  const address = server.address();
  return `http://localhost:${typeof address === 'object' && address ? address.port : fallbackPort}`;
}
