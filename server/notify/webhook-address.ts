import dns from 'node:dns';
import net from 'node:net';

/**
 * Addresses a tenant's webhook must not reach unless the operator allows it
 * (NOTIFY_ALLOW_PRIVATE_WEBHOOKS): the backend's own host, its network and the cloud's metadata
 * service. A webhook URL is typed in by a tenant's admin, so without this a notification is a
 * request forgery into the network the backend runs in.
 */
const blocked = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8], // unspecified / "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared address space (carrier NAT; Alibaba's metadata 100.100.100.200)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local: AWS, GCP and Azure metadata at 169.254.169.254
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3], // multicast, reserved and broadcast
] as const) {
  blocked.addSubnet(net4, bits, 'ipv4');
}
for (const [net6, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fe80::', 10],
  ['fc00::', 7], // unique local (AWS's IPv6 metadata fd00:ec2::254)
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net6, bits, 'ipv6');
}
// IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) are checked against the IPv4 rules by BlockList.

/** Host names that are the backend itself or a metadata service wherever they resolve. */
const BLOCKED_NAMES =
  /^(localhost|metadata|metadata\.google\.internal|instance-data)$|\.localhost$/i;

/** True when the IP address (v4 or v6) is one a webhook may not reach. */
export function isInternalAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 0) return false;
  return blocked.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** The reason a webhook URL's host is refused, or undefined. Literal addresses and names only. */
export function internalHostReason(url: string): string | undefined {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (BLOCKED_NAMES.test(host)) return `${host} is this server or a metadata service`;
  if (isInternalAddress(host)) return `${host} is a loopback, private or link-local address`;
  return undefined;
}

export type Lookup = typeof dns.lookup;

/**
 * A socket `lookup` that refuses internal addresses. Used as the connection's own resolver, so
 * the address checked is the one connected to: a name that resolved publicly when the URL was
 * saved and to 127.0.0.1 now (DNS rebinding) is refused at delivery.
 */
export function guardedLookup(resolve: Lookup = dns.lookup): net.LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as dns.LookupAddress[];
      const bad = list.find((a) => isInternalAddress(a.address));
      if (bad) {
        const refused = Object.assign(
          new Error(
            `${hostname} resolves to ${bad.address}, a loopback, private or link-local address`,
          ),
          { code: 'EINTERNALADDRESS' },
        );
        return callback(refused, '', 0);
      }
      if (options.all) return callback(null, list as never, 0);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Whether a name resolves to an internal address now (the settings screen's check). A name that
 * does not resolve is not refused here: delivery reports it, and checks again.
 */
export async function resolvesInternal(
  host: string,
  resolve: Lookup = dns.lookup,
): Promise<string | undefined> {
  const addresses = await new Promise<dns.LookupAddress[]>((ok) => {
    const timer = setTimeout(() => ok([]), 3000);
    resolve(host, { all: true }, (err, list) => {
      clearTimeout(timer);
      ok(err ? [] : (list as unknown as dns.LookupAddress[]));
    });
  });
  const bad = addresses.find((a) => isInternalAddress(a.address));
  return bad
    ? `${host} resolves to ${bad.address}, a loopback, private or link-local address`
    : undefined;
}
