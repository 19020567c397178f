import { comparePositions } from '../../agent/sage-row.js';
import {
  EMPTY_DIGEST,
  encodeFingerprints,
  groupIdOf,
  keyDigest,
  keyFingerprint,
  xorDigest,
  type KnownGroup,
} from '../../agent/stamp-groups.js';
import {
  keyText,
  type FeedGroup,
  type FeedPosition,
  type FeedWatermark,
} from './feed-watermark.js';

/**
 * Rows a stamp group keeps one by one (key → content hash) before it keeps only its keys'
 * fingerprints: 40-odd bytes a row against 5. Up to here a row saved again without a change is
 * still recognised by its content; past it, many rows were saved in one instant (an import, a
 * batch update) and the watermark must stay small.
 */
export const SMALL_GROUP_ROWS = 64;

/**
 * The groups to send with a page request: those from the page's start on (rows before it are
 * not read anyway), except a group first read in this poll that a page boundary split: its rows
 * after the boundary are new by their order and must not be matched against the part read.
 */
export function knownFrom(
  state: FeedWatermark,
  from: FeedPosition | undefined,
  fresh: ReadonlySet<string>,
): KnownGroup[] {
  const groups: KnownGroup[] = [];
  const start = from && { ...from, key: [] };
  for (const [id, group] of state.groups) {
    if (fresh.has(id)) continue;
    if (start && comparePositions({ ...group, key: [] }, start) < 0) continue;
    groups.push(
      group.fingerprints
        ? {
            date: group.date,
            time: group.time,
            count: group.count,
            fingerprints: encodeFingerprints(group.fingerprints),
          }
        : { date: group.date, time: group.time, count: group.count, digest: group.digest },
    );
  }
  return groups;
}

function compact(state: FeedWatermark, id: string, group: FeedGroup): void {
  const fingerprints = new Set<number>();
  for (const [text, row] of state.seen) {
    if (groupIdOf(row.date, row.time) !== id) continue;
    fingerprints.add(keyFingerprint(text.split('\u001f')));
    state.seen.delete(text);
  }
  group.fingerprints = fingerprints;
  group.count = fingerprints.size;
}

/**
 * Records one row the agent returned and says whether it is a change to deliver.
 *
 * `fresh`: the groups first read in this poll (this function adds those it creates); their rows
 * are new by their order. A row of a group held from before the poll came because the agent found
 * the group changed, or ignores Known: a small group is then sent whole, so it is rebuilt from its
 * first row and the rows still there are dropped by content hash; a large group's row whose key
 * fingerprint is known was delivered.
 */
export function admitRow(
  state: FeedWatermark,
  row: { key: string[]; hash: string; position: FeedPosition },
  fresh: Set<string>,
  previousGroup: string | undefined,
): boolean {
  const { date, time } = row.position;
  const id = groupIdOf(date, time);
  let group = state.groups.get(id);
  if (group?.fingerprints) {
    const fingerprint = keyFingerprint(row.key);
    if (!fresh.has(id) && group.fingerprints.has(fingerprint)) return false;
    group.fingerprints.add(fingerprint);
    group.count = group.fingerprints.size;
    return true;
  }
  if (!group) fresh.add(id);
  if (!group || (!fresh.has(id) && id !== previousGroup)) {
    group = { date, time, count: 0, digest: EMPTY_DIGEST };
    state.groups.set(id, group);
  }
  const text = keyText(row.key);
  const delivered = state.seen.get(text)?.hash === row.hash;
  state.seen.set(text, { hash: row.hash, date, time });
  group.count++;
  group.digest = xorDigest(group.digest, keyDigest(row.key));
  if (group.count > SMALL_GROUP_ROWS) compact(state, id, group);
  return !delivered;
}

/** Forgets rows and groups stamped before the window's start: no re-read reaches them. */
export function pruneBefore(state: FeedWatermark, start: FeedPosition): void {
  const startPosition: FeedPosition = { ...start, key: [] };
  for (const [text, row] of state.seen) {
    if (comparePositions({ ...row, key: [] }, startPosition) < 0) state.seen.delete(text);
  }
  for (const [id, group] of state.groups) {
    if (comparePositions({ ...group, key: [] }, startPosition) < 0) state.groups.delete(id);
  }
}
