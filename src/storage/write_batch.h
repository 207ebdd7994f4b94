// storage::WriteBatch — puts, deletes and range deletes applied atomically by
// KvStore::Write: after a crash either every operation of the batch is
// visible or none is, and readers never see part of a batch.
//
// A batch is a plain byte buffer owned by the caller (one allocation that
// grows, no per-operation allocation); it copies keys and values in, so the
// caller's buffers may change right after each call. Operations apply in the
// order they were added: Put(k, a) then Delete(k) leaves k absent.
// Not thread-safe: build a batch on one thread, then hand it to Write.
//
// Encoding of each operation in the buffer (lengths native-endian uint32):
//   kind(1) key_size(4) key value_size(4) value
// where for kDeleteRange `key` is the range's begin and `value` its end, and
// for kDelete `value` is empty. The encoding is private to this process
// (never stored), so engines iterate operations with `for (auto op : batch)`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>

namespace cloudlet::storage {

class WriteBatch {
 public:
  enum class OpKind : unsigned char { kPut = 1, kDelete = 2, kDeleteRange = 3 };

  // One operation as stored; views into the batch, valid until it changes.
  struct Op {
    OpKind kind;
    std::string_view key;    // kDeleteRange: begin (inclusive)
    std::string_view value;  // kDeleteRange: end (exclusive); kDelete: empty
  };

  // Sets key to value.
  void Put(std::string_view key, std::string_view value) { Append(OpKind::kPut, key, value); }
  // Removes key; no effect when it is absent.
  void Delete(std::string_view key) { Append(OpKind::kDelete, key, {}); }
  // Removes every key k with begin <= k < end. Write fails with
  // InvalidArgument (applying nothing) when begin > end; begin == end is a no-op.
  void DeleteRange(std::string_view begin, std::string_view end) { Append(OpKind::kDeleteRange, begin, end); }

  // Adds every operation of `other`, after this batch's own.
  void AppendBatch(const WriteBatch& other) {
    rep_.append(other.rep_);
    count_ += other.count_;
  }

  void Clear() {
    rep_.clear();
    count_ = 0;
  }
  // Number of operations added.
  std::size_t Count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Bytes of the encoded batch: key and value bytes plus 9 per operation.
  std::size_t ByteSize() const { return rep_.size(); }

  class const_iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Op;
    using difference_type = std::ptrdiff_t;
    using pointer = const Op*;
    using reference = const Op&;

    const_iterator() = default;
    reference operator*() const { return op_; }
    pointer operator->() const { return &op_; }
    const_iterator& operator++() {
      pos_ = next_;
      Decode();
      return *this;
    }
    bool operator==(const const_iterator& other) const { return pos_ == other.pos_; }

   private:
    friend class WriteBatch;
    const_iterator(std::string_view rep, std::size_t pos) : rep_(rep), pos_(pos) { Decode(); }
    void Decode() {
      if (pos_ >= rep_.size()) return;
      std::size_t p = pos_;
      op_.kind = static_cast<OpKind>(rep_[p++]);
      op_.key = Field(&p);
      op_.value = Field(&p);
      next_ = p;
    }
    std::string_view Field(std::size_t* p) const {
      uint32_t n;
      std::memcpy(&n, rep_.data() + *p, sizeof n);
      std::string_view f = rep_.substr(*p + sizeof n, n);
      *p += sizeof n + n;
      return f;
    }
    std::string_view rep_;
    std::size_t pos_ = 0;
    std::size_t next_ = 0;
    Op op_{};
  };

  const_iterator begin() const { return const_iterator(rep_, 0); }
  const_iterator end() const { return const_iterator(rep_, rep_.size()); }

 private:
  void Append(OpKind kind, std::string_view key, std::string_view value);

  std::string rep_;
  std::size_t count_ = 0;
};

}  // namespace cloudlet::storage
