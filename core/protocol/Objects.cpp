#include "core/protocol/Objects.h"

#include "core/util/Encoding.h"

namespace as::protocol {
using namespace Qt::Literals::StringLiterals;

QJsonObject ObjectRegister::toJson() const
{
    return { { u"id"_s, id }, { u"torrent"_s, toBase64Url(torrent) },
        { u"sealed_metadata"_s, toBase64Url(sealedMetadata) }, { u"wrapped_file_key"_s, toBase64Url(wrappedFileKey) } };
}

Result<ObjectRegister> ObjectRegister::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    ObjectRegister o;
    o.id = r.id("id");
    o.torrent = r.bytes("torrent", kMaxTorrentBytes);
    o.sealedMetadata = r.bytes("sealed_metadata", kMaxSealedMetadataBytes);
    o.wrappedFileKey = r.bytes("wrapped_file_key", kMaxWrappedKeyBytes);
    if (r.ok() && o.torrent.isEmpty())
        r.fail(u"field 'torrent': empty"_s);
    if (r.ok() && o.wrappedFileKey.isEmpty())
        r.fail(u"field 'wrapped_file_key': empty"_s);
    if (!r.ok())
        return r.error();
    return o;
}

QJsonObject ByteRange::toJson() const
{
    return { { u"offset"_s, offset }, { u"length"_s, length } };
}

Result<ByteRange> ByteRange::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    ByteRange b { r.integer("offset"), r.integer("length") };
    if (!r.ok())
        return r.error();
    return b;
}

QJsonObject Holder::toJson() const
{
    return { { u"peer_id"_s, peerId }, { u"address"_s, address }, { u"port"_s, port }, { u"online"_s, online },
        { u"last_seen"_s, lastSeen } };
}

Result<Holder> Holder::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    Holder h;
    h.peerId = r.id("peer_id");
    h.address = r.string("address", 64);
    h.port = int(r.integer("port", 0, 65535));
    h.online = r.boolean("online");
    h.lastSeen = r.integer("last_seen");
    if (!r.ok())
        return r.error();
    return h;
}

QJsonObject ObjectInfo::toJson() const
{
    QJsonObject o { { u"id"_s, id }, { u"size"_s, size }, { u"piece_length"_s, pieceLength }, { u"state"_s, state },
        { u"created_at"_s, createdAt }, { u"received_bytes"_s, receivedBytes },
        { u"sealed_metadata"_s, toBase64Url(sealedMetadata) }, { u"wrapped_file_key"_s, toBase64Url(wrappedFileKey) },
        { u"replicas"_s, replicas }, { u"target_replicas"_s, targetReplicas }, { u"availability"_s, availability } };
    o.insert(u"missing"_s, writeList(missing));
    o.insert(u"holders"_s, writeList(holders));
    return o;
}

Result<ObjectInfo> ObjectInfo::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    ObjectInfo o;
    o.id = r.id("id");
    o.size = r.integer("size");
    o.pieceLength = r.integer("piece_length");
    o.state = r.string("state", 32);
    o.createdAt = r.integer("created_at");
    o.receivedBytes = r.optInteger("received_bytes").value_or(0);
    o.sealedMetadata = r.bytes("sealed_metadata", kMaxSealedMetadataBytes);
    o.wrappedFileKey = r.bytes("wrapped_file_key", kMaxWrappedKeyBytes);
    o.replicas = int(r.optInteger("replicas", 0, 1 << 30).value_or(0));
    o.targetReplicas = int(r.optInteger("target_replicas", 0, 1 << 10).value_or(0));
    if (json.contains(u"availability"_s)) {
        o.availability = r.number("availability");
        if (r.ok() && !(o.availability >= 0 && o.availability <= 1))
            r.fail(u"field 'availability': expected a number in 0..1"_s);
    }
    const QJsonArray missing = r.optArray("missing", 1 << 20).value_or(QJsonArray());
    const QJsonArray holders = r.optArray("holders", 1 << 16).value_or(QJsonArray());
    if (!r.ok())
        return r.error();
    if (Status st = readList(missing, o.missing); !st)
        return st.error();
    if (Status st = readList(holders, o.holders); !st)
        return st.error();
    return o;
}

QJsonObject ObjectList::toJson() const
{
    return { { u"objects"_s, writeList(objects) } };
}

Result<ObjectList> ObjectList::fromJson(const QJsonObject& json)
{
    JsonReader r(json);
    const QJsonArray a = r.array("objects", 1 << 22);
    if (!r.ok())
        return r.error();
    ObjectList l;
    if (Status st = readList(a, l.objects); !st)
        return st.error();
    return l;
}

} // namespace as::protocol
