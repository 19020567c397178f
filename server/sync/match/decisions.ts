import { NotFoundError, SyncError } from '../errors.js';
import type { EngineDeps } from '../run/deps.js';

/** The admin confirms a proposal: the two records become a link; their other proposals close. */
export async function confirmMatch(
  deps: EngineDeps,
  tenantId: string,
  proposalId: number,
): Promise<void> {
  const { matchProposals, links } = deps.repos;
  const p = await matchProposals.get(tenantId, proposalId);
  if (!p) throw new NotFoundError(`match proposal ${proposalId}`);
  if (p.status !== 'open')
    throw new SyncError(`match proposal ${proposalId} is already ${p.status}`, 'already_decided');
  const taken =
    (await links.findByZohoId(tenantId, p.module, p.zohoId)) ??
    (await links.findBySageKey(tenantId, p.module, p.sageKey));
  if (taken)
    throw new SyncError(
      `one of the two records is already linked (link ${taken.id})`,
      'already_linked',
    );
  await links.create(tenantId, p.module, { state: 'linked', zohoId: p.zohoId, sageKey: p.sageKey });
  await matchProposals.decide(tenantId, proposalId, 'confirmed');
  await matchProposals.closeOthers(tenantId, p.module, p.zohoId, p.sageKey);
}

export async function rejectMatch(
  deps: EngineDeps,
  tenantId: string,
  proposalId: number,
): Promise<void> {
  const p = await deps.repos.matchProposals.get(tenantId, proposalId);
  if (!p) throw new NotFoundError(`match proposal ${proposalId}`);
  await deps.repos.matchProposals.decide(tenantId, proposalId, 'rejected');
}
