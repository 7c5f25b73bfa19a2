package org.ckbvm.chain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.ckbvm.plugin.api.ContractRequest;
import org.ckbvm.plugin.api.TxHash;

/**
 * Splits a block's transactions into groups that touch disjoint state, so that groups can run
 * in parallel and still give exactly the receipts and state of serial execution in block order.
 * A transaction touches its sender's account, the execution it names and that execution's
 * owner's account (the owner's suspended count); transactions sharing any of these are in one
 * group, which runs in block order. An execution created earlier in the same block is reached
 * through its Call's hash, which is the execution key, so it joins the Call's group.
 */
final class BlockSchedule {
    private BlockSchedule() {}

    /**
     * The groups, each a list of indices in block order; groups ordered by their first index.
     *
     * @param ownerOf the owner of an execution in the state before these transactions, if any
     */
    static List<List<Integer>> groups(List<Admission> admissions,
                                      Function<TxHash, Optional<org.ckbvm.plugin.api.Address>> ownerOf) {
        int n = admissions.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        // the first transaction that touched each piece of state; later ones join its group
        Map<Object, Integer> firstToucher = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (!(admissions.get(i) instanceof Admission.Valid valid)) {
                continue;   // rejected before touching any state
            }
            ContractRequest request = valid.request();
            List<Object> touched = new ArrayList<>();
            touched.add(request.sender());
            TxHash execution = valid.execution();
            touched.add(execution);
            ownerOf.apply(execution).ifPresent(touched::add);
            for (Object key : touched) {
                Integer first = firstToucher.putIfAbsent(key, i);
                if (first != null) {
                    union(parent, first, i);
                }
            }
        }
        Map<Integer, List<Integer>> byRoot = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            byRoot.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> out = new ArrayList<>(byRoot.values());
        out.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
        return out;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
