#include "storage/rocksdb_iterator.h"

#include "storage/rocksdb_status.h"

namespace cloudlet::storage {

namespace {

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
std::string_view ToView(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

class RocksDbIterator final : public Iterator {
 public:
  RocksDbIterator(rocksdb::DB* db, const IteratorOptions& options, const rocksdb::Snapshot* snapshot)
      : lower_(options.lower_bound), upper_(options.upper_bound) {
    // The bound Slices point into this object's own strings, which live as
    // long as the RocksDB iterator (declared after them, destroyed first).
    lower_slice_ = ToSlice(lower_);
    upper_slice_ = ToSlice(upper_);
    rocksdb::ReadOptions ro;
    ro.snapshot = snapshot;
    ro.fill_cache = options.fill_cache;
    if (!lower_.empty()) ro.iterate_lower_bound = &lower_slice_;
    if (!upper_.empty()) ro.iterate_upper_bound = &upper_slice_;
    it_.reset(db->NewIterator(ro));
  }

  bool Valid() const override { return it_->Valid(); }
  void SeekToFirst() override { it_->SeekToFirst(); }
  void SeekToLast() override { it_->SeekToLast(); }
  void Seek(std::string_view target) override { it_->Seek(ToSlice(target)); }
  void SeekForPrev(std::string_view target) override { it_->SeekForPrev(ToSlice(target)); }
  void Next() override { it_->Next(); }
  void Prev() override { it_->Prev(); }
  std::string_view key() const override { return ToView(it_->key()); }
  std::string_view value() const override { return ToView(it_->value()); }
  Status status() const override { return FromRocksDb(it_->status()); }

 private:
  std::string lower_;
  std::string upper_;
  rocksdb::Slice lower_slice_;
  rocksdb::Slice upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

class ErrorIterator final : public Iterator {
 public:
  explicit ErrorIterator(Status status) : status_(std::move(status)) {}
  bool Valid() const override { return false; }
  void SeekToFirst() override {}
  void SeekToLast() override {}
  void Seek(std::string_view) override {}
  void SeekForPrev(std::string_view) override {}
  void Next() override {}
  void Prev() override {}
  std::string_view key() const override { return {}; }
  std::string_view value() const override { return {}; }
  Status status() const override { return status_; }

 private:
  Status status_;
};

}  // namespace

std::unique_ptr<Iterator> NewRocksDbIterator(rocksdb::DB* db, const IteratorOptions& options,
                                             const rocksdb::Snapshot* snapshot) {
  return std::make_unique<RocksDbIterator>(db, options, snapshot);
}

std::unique_ptr<Iterator> NewErrorIterator(Status status) {
  return std::make_unique<ErrorIterator>(std::move(status));
}

}  // namespace cloudlet::storage
