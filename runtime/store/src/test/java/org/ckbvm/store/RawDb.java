package org.ckbvm.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.UInt64AddOperator;
import org.rocksdb.WriteOptions;

/** Raw access to a closed store's RocksDB folder, for tests that damage it on purpose. */
final class RawDb implements AutoCloseable {
    private final UInt64AddOperator add = new UInt64AddOperator();
    private final ColumnFamilyOptions cfOptions = new ColumnFamilyOptions().setMergeOperator(add);
    private final DBOptions dbOptions = new DBOptions();
    private final WriteOptions sync = new WriteOptions().setSync(true);
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final Map<String, ColumnFamilyHandle> byName = new HashMap<>();
    private final RocksDB db;

    RawDb(Path dir) throws Exception {
        List<byte[]> names;
        try (Options o = new Options()) {
            names = RocksDB.listColumnFamilies(o, dir.toString());
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        names.forEach(n -> descriptors.add(new ColumnFamilyDescriptor(n, cfOptions)));
        db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        for (int i = 0; i < names.size(); i++) {
            byName.put(new String(names.get(i), StandardCharsets.UTF_8), handles.get(i));
        }
    }

    byte[] get(String cf, byte[] key) throws Exception {
        return db.get(byName.get(cf), key);
    }

    void put(String cf, byte[] key, byte[] value) throws Exception {
        db.put(byName.get(cf), sync, key, value);
    }

    void delete(String cf, byte[] key) throws Exception {
        db.delete(byName.get(cf), sync, key);
    }

    List<byte[]> keys(String cf) {
        List<byte[]> keys = new ArrayList<>();
        try (RocksIterator it = db.newIterator(byName.get(cf))) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                keys.add(it.key());
            }
        }
        return keys;
    }

    ColumnFamilyHandle createColumnFamily(String name) throws Exception {
        ColumnFamilyHandle h = db.createColumnFamily(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions));
        handles.add(h);
        return h;
    }

    @Override
    public void close() {
        for (int i = handles.size() - 1; i >= 0; i--) {
            handles.get(i).close();
        }
        db.close();
        sync.close();
        dbOptions.close();
        cfOptions.close();
        add.close();
    }
}
