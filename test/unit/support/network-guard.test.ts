/** The guard every test file runs under (jest.config.js setupFiles): loopback only. */
import dns from 'node:dns';
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { isLoopbackHost, takeBlockedConnections } from '../../support/network-guard.js';

const OUTSIDE = /Network access outside loopback in a test: example\.com/;

afterEach(() => {
  // What these tests provoke on purpose must not fail them in the after-each check.
  takeBlockedConnections();
});

describe('the network guard', () => {
  it('refuses connections and lookups for a host outside loopback', async () => {
    expect(() => net.connect(443, 'example.com')).toThrow(OUTSIDE);
    expect(() => net.connect({ host: 'example.com', port: 443 })).toThrow(OUTSIDE);
    expect(() => tls.connect({ host: 'example.com', port: 443 })).toThrow(OUTSIDE);
    expect(() => new net.Socket().connect(80, '93.184.215.14')).toThrow(/93\.184\.215\.14:80/);
    expect(() => dns.lookup('example.com', () => undefined)).toThrow(OUTSIDE);
    await expect(dns.promises.lookup('example.com')).rejects.toThrow(OUTSIDE);
    expect(takeBlockedConnections()).toEqual(
      expect.arrayContaining(['example.com:443', '93.184.215.14:80', 'example.com']),
    );
    // fetch (undici) connects through the same sockets: refused before any lookup.
    await expect(fetch('https://example.com/')).rejects.toThrow();
    expect(takeBlockedConnections()).toEqual(['example.com:443']);
  });

  it('lets connections to 127.0.0.1 and localhost through', async () => {
    const server = net.createServer((socket) => socket.end('hi'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const socket = net.connect(port, host);
        const [data] = (await once(socket, 'data')) as [Buffer];
        expect(data.toString()).toBe('hi');
        socket.destroy();
      }
      expect(takeBlockedConnections()).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('knows loopback addresses from the rest', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
      'localhost',
      'LOCALHOST.',
      undefined,
      '',
    ]) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: true });
    }
    for (const host of [
      'example.com',
      '10.0.0.1',
      '128.0.0.1',
      '::2',
      '0.0.0.0',
      'localhost.example.com',
      '::ffff:10.0.0.1',
    ]) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: false });
    }
  });
});
