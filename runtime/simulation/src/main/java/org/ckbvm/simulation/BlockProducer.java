package org.ckbvm.simulation;

import java.util.List;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.plugin.api.BlockContext;
import org.ckbvm.plugin.api.BlockHash;
import org.ckbvm.plugin.api.ChainHead;
import org.ckbvm.plugin.api.CommittedBlock;
import org.ckbvm.plugin.api.ContractExecutionService;
import org.ckbvm.plugin.api.PendingBlock;

/**
 * What a single-node host does with the plugin in the {@code demo} and {@code node} commands:
 * each batch of transactions becomes the next block on the plugin's head, with a hash derived
 * from the parent, the number and the transactions
 * ({@code H("ckbvm-local-block" || parent || u64 number || H(tx)...)}), and is committed.
 */
public final class BlockProducer {
    private BlockProducer() {}

    public static CommittedBlock next(ContractExecutionService service, List<byte[]> transactions) {
        ChainHead head = service.head();
        long number = head.number() + 1;
        BlockContext context = new BlockContext(number, head.hash(), hash(head.hash(), number, transactions));
        try (PendingBlock block = service.openBlock(context)) {
            block.executeAll(transactions);
            return block.commit();
        }
    }

    public static BlockHash hash(BlockHash parent, long number, List<byte[]> transactions) {
        Blake2bDigest d = CkbHash.newDigest();
        byte[] tag = "ckbvm-local-block".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        d.update(tag, 0, tag.length);
        d.update(parent.bytes(), 0, 32);
        byte[] n = java.nio.ByteBuffer.allocate(8).putLong(number).array();
        d.update(n, 0, 8);
        for (byte[] tx : transactions) {
            d.update(CkbHash.hash(tx), 0, 32);
        }
        return BlockHash.of(CkbHash.finish(d));
    }
}
