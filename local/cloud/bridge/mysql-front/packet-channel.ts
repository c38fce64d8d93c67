/**
 * Reads and writes whole MySQL packets on a stream during the connection phase, then hands the
 * stream back with whatever it had already received (so nothing is lost when TLS or plain relaying
 * takes over).
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { encodePacket, splitPackets, type Packet } from './packets';

export class ConnectionClosedError extends Error {
  constructor(message = 'the connection closed during the handshake') {
    super(message);
    this.name = 'ConnectionClosedError';
  }
}

export class PacketChannel {
  private buffer = Buffer.alloc(0);
  private readonly packets: Packet[] = [];
  private waiter?: { resolve: (packet: Packet) => void; reject: (error: Error) => void };
  private closed?: Error;

  private readonly onData = (chunk: Buffer) => {
    const { packets, rest } = splitPackets(Buffer.concat([this.buffer, chunk]));
    this.buffer = Buffer.from(rest);
    this.packets.push(...packets);
    this.deliver();
  };
  private readonly onClose = (error?: Error) => {
    this.closed = error instanceof Error ? error : new ConnectionClosedError();
    this.deliver();
  };

  constructor(readonly stream: Duplex) {
    stream.on('data', this.onData);
    stream.on('error', this.onClose);
    stream.on('close', this.onClose);
    stream.on('end', this.onClose);
  }

  private deliver(): void {
    if (!this.waiter) return;
    const { resolve, reject } = this.waiter;
    if (this.packets.length > 0) {
      this.waiter = undefined;
      resolve(this.packets.shift()!);
    } else if (this.closed) {
      this.waiter = undefined;
      reject(this.closed);
    }
  }

  read(timeoutMs = 30_000): Promise<Packet> {
    return new Promise<Packet>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new ConnectionClosedError(`no packet within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        resolve: (packet) => (clearTimeout(timer), resolve(packet)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      };
      this.deliver();
    });
  }

  write(sequence: number, payload: Buffer): void {
    this.stream.write(encodePacket(sequence, payload));
  }

  /** Stops reading and returns the bytes received but not consumed. */
  release(): Buffer {
    this.stream.off('data', this.onData);
    this.stream.off('error', this.onClose);
    this.stream.off('close', this.onClose);
    this.stream.off('end', this.onClose);
    this.stream.pause();
    const unread = this.packets.splice(0).map((packet) => encodePacket(packet.sequence, packet.payload));
    return Buffer.concat([...unread, this.buffer]);
  }
}

/**
 * A stream that yields `leftover` first, then the socket's data. TLS must start on bytes the socket
 * already delivered (a client's ClientHello often arrives with its SSLRequest), which a TLSSocket
 * built on the socket's handle would never see.
 */
export function prependLeftover(socket: Socket | Duplex, leftover: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  if (leftover.length > 0) duplex.push(leftover);
  socket.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('error', (error) => duplex.destroy(error));
  socket.on('close', () => duplex.destroy());
  return duplex;
}
