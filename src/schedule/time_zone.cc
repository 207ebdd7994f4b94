#include "schedule/time_zone.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

namespace cloudlet::schedule {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool Has(std::size_t n) const { return bytes_.size() - pos_ >= n; }
  int64_t Int(int width) {
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = v << 8 | static_cast<unsigned char>(bytes_[pos_ + i]);
    pos_ += width;
    if (width == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
    return static_cast<int64_t>(v);
  }
  uint8_t Byte() { return static_cast<unsigned char>(bytes_[pos_++]); }
  void Skip(std::size_t n) { pos_ += n; }
  std::string_view Rest() const { return bytes_.substr(pos_); }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

struct Header {
  int version = 0;
  uint32_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

bool ReadHeader(Reader& r, Header& h) {
  if (!r.Has(44)) return false;
  std::string_view magic = r.Rest().substr(0, 4);
  if (magic != "TZif") return false;
  r.Skip(4);
  uint8_t v = r.Byte();
  h.version = v == 0 ? 1 : v - '0';
  r.Skip(15);
  h.isut = static_cast<uint32_t>(r.Int(4));
  h.isstd = static_cast<uint32_t>(r.Int(4));
  h.leap = static_cast<uint32_t>(r.Int(4));
  h.time = static_cast<uint32_t>(r.Int(4));
  h.type = static_cast<uint32_t>(r.Int(4));
  h.chars = static_cast<uint32_t>(r.Int(4));
  return h.type >= 1 && h.version >= 1 && h.version <= 4;
}

std::size_t BlockSize(const Header& h, int time_width) {
  return h.time * static_cast<std::size_t>(time_width) + h.time + h.type * 6u + h.chars +
         h.leap * static_cast<std::size_t>(time_width + 4) + h.isstd + h.isut;
}

// ---- POSIX TZ strings ----

class PosixParser {
 public:
  explicit PosixParser(std::string_view s) : s_(s) {}
  bool AtEnd() const { return i_ == s_.size(); }
  bool Peek(char c) const { return i_ < s_.size() && s_[i_] == c; }
  bool Eat(char c) {
    if (!Peek(c)) return false;
    ++i_;
    return true;
  }
  bool Name() {
    if (Eat('<')) {
      std::size_t start = i_;
      while (i_ < s_.size() && s_[i_] != '>') ++i_;
      if (i_ == s_.size() || i_ == start) return false;
      ++i_;
      return true;
    }
    std::size_t start = i_;
    while (i_ < s_.size() && ((s_[i_] >= 'A' && s_[i_] <= 'Z') || (s_[i_] >= 'a' && s_[i_] <= 'z'))) ++i_;
    return i_ - start >= 3;
  }
  bool Number(int& out, int max_digits) {
    std::size_t start = i_;
    out = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9' && i_ - start < static_cast<std::size_t>(max_digits))
      out = out * 10 + (s_[i_++] - '0');
    return i_ > start;
  }
  // [+-]hh[:mm[:ss]] in seconds, sign as written.
  bool Duration(int32_t& out) {
    int sign = 1;
    if (Eat('-')) sign = -1;
    else Eat('+');
    int h = 0, m = 0, sec = 0;
    if (!Number(h, 3)) return false;
    if (Eat(':')) {
      if (!Number(m, 2)) return false;
      if (Eat(':') && !Number(sec, 2)) return false;
    }
    out = sign * (h * 3600 + m * 60 + sec);
    return true;
  }
  bool Date(char& kind, int& a, int& b, int& c) {
    if (Eat('J')) {
      kind = 'J';
      return Number(a, 3) && a >= 1 && a <= 365;
    }
    if (Eat('M')) {
      kind = 'M';
      return Number(a, 2) && Eat('.') && Number(b, 1) && Eat('.') && Number(c, 1) && a >= 1 && a <= 12 && b >= 1 &&
             b <= 5 && c <= 6;
    }
    kind = 'N';
    return Number(a, 3) && a <= 365;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

// Local midnight-relative day of a rule date in `year`, as days since the epoch.
int64_t RuleDay(char kind, int a, int b, int c, int year) {
  if (kind == 'J') {
    bool leap = DaysInMonth(year, 2) == 29;
    return DaysFromCivil(year, 1, 1) + a - 1 + (leap && a >= 60 ? 1 : 0);
  }
  if (kind == 'N') return DaysFromCivil(year, 1, 1) + a;
  int first_weekday = Weekday(year, a, 1);
  int day = 1 + (c - first_weekday + 7) % 7 + (b - 1) * 7;
  while (day > DaysInMonth(year, a)) day -= 7;
  return DaysFromCivil(year, a, day);
}

}  // namespace

int32_t TimeZone::PosixRule::OffsetAt(int64_t utc) const {
  if (!has_dst) return std_offset;
  int year = FromUnixSeconds(utc + std_offset).year;
  // Transitions are given in the local time in effect before each.
  int64_t start_utc = RuleDay(start.kind, start.a, start.b, start.c, year) * 86400 + start.time - std_offset;
  int64_t end_utc = RuleDay(end.kind, end.a, end.b, end.c, year) * 86400 + end.time - dst_offset;
  bool in_dst = start_utc < end_utc ? (utc >= start_utc && utc < end_utc) : !(utc >= end_utc && utc < start_utc);
  return in_dst ? dst_offset : std_offset;
}

std::optional<TimeZone::PosixRule> TimeZone::ParsePosix(std::string_view text) {
  PosixParser p(text);
  PosixRule rule;
  int32_t west = 0;
  if (!p.Name() || !p.Duration(west)) return std::nullopt;
  rule.std_offset = -west;
  if (p.AtEnd()) return rule;
  if (!p.Name()) return std::nullopt;
  rule.has_dst = true;
  rule.dst_offset = rule.std_offset + 3600;
  if (!p.Peek(',') && !p.AtEnd()) {
    if (!p.Duration(west)) return std::nullopt;
    rule.dst_offset = -west;
  }
  // Without rules POSIX leaves the dates to the implementation; the TZif
  // footer always carries them, so "US rules" are the fallback.
  rule.start = {'M', 3, 2, 0, 7200};
  rule.end = {'M', 11, 1, 0, 7200};
  if (p.AtEnd()) return rule;
  for (PosixRule::Date* d : {&rule.start, &rule.end}) {
    if (!p.Eat(',') || !p.Date(d->kind, d->a, d->b, d->c)) return std::nullopt;
    d->time = 7200;
    if (p.Eat('/') && !p.Duration(d->time)) return std::nullopt;
  }
  if (!p.AtEnd()) return std::nullopt;
  return rule;
}

std::optional<TimeZone> TimeZone::Parse(std::string_view bytes, std::string* error) {
  auto fail = [error](const char* why) {
    if (error) *error = why;
    return std::nullopt;
  };
  Reader r(bytes);
  Header h;
  if (!ReadHeader(r, h)) return fail("not a TZif file");
  int width = 4;
  if (h.version >= 2) {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    if (!r.Has(BlockSize(h, 4))) return fail("truncated TZif data");
    r.Skip(BlockSize(h, 4));
    if (!ReadHeader(r, h)) return fail("bad second TZif header");
    width = 8;
  }
  if (!r.Has(BlockSize(h, width))) return fail("truncated TZif data");
  TimeZone zone;
  zone.transitions_.reserve(h.time);
  for (uint32_t i = 0; i < h.time; ++i) zone.transitions_.push_back(r.Int(width));
  std::vector<uint8_t> indices;
  for (uint32_t i = 0; i < h.time; ++i) indices.push_back(r.Byte());
  std::vector<int32_t> type_offsets;
  for (uint32_t i = 0; i < h.type; ++i) {
    type_offsets.push_back(static_cast<int32_t>(r.Int(4)));
    r.Skip(2);  // isdst, designation index
  }
  r.Skip(h.chars + h.leap * static_cast<std::size_t>(width + 4) + h.isstd + h.isut);
  for (uint8_t index : indices) {
    if (index >= type_offsets.size()) return fail("transition names a missing type");
    zone.offsets_after_.push_back(type_offsets[index]);
  }
  if (!std::is_sorted(zone.transitions_.begin(), zone.transitions_.end())) return fail("unsorted transitions");
  zone.initial_offset_ = type_offsets[0];
  if (width == 8) {
    std::string_view rest = r.Rest();
    if (rest.size() >= 2 && rest.front() == '\n') {
      auto end = rest.find('\n', 1);
      if (end == std::string_view::npos) return fail("unterminated TZif footer");
      std::string_view footer = rest.substr(1, end - 1);
      if (!footer.empty()) {
        zone.footer_ = ParsePosix(footer);
        if (!zone.footer_) return fail("malformed TZ string in the TZif footer");
      }
    }
  }
  return zone;
}

TimeZone TimeZone::Utc() { return TimeZone(); }

int32_t TimeZone::OffsetAt(int64_t utc) const {
  if (transitions_.empty() || utc < transitions_.front()) {
    if (transitions_.empty() && footer_) return footer_->OffsetAt(utc);
    return initial_offset_;
  }
  if (utc >= transitions_.back() && footer_) return footer_->OffsetAt(utc);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc);
  return offsets_after_[static_cast<std::size_t>(it - transitions_.begin()) - 1];
}

LocalMapping TimeZone::FromLocal(const CivilTime& local) const {
  int64_t wall = ToUnixSeconds(local);
  // Offsets in effect a day either side bound every candidate (no zone has
  // changed its offset twice within two days).
  int32_t before = OffsetAt(wall - 86400 * 2);
  int32_t after = OffsetAt(wall + 86400 * 2);
  std::set<int32_t> candidates{before, after, OffsetAt(wall - before), OffsetAt(wall - after)};
  std::vector<int64_t> instants;
  for (int32_t offset : candidates)
    if (OffsetAt(wall - offset) == offset) instants.push_back(wall - offset);
  std::sort(instants.begin(), instants.end());
  instants.erase(std::unique(instants.begin(), instants.end()), instants.end());
  if (instants.size() == 1) return {LocalMapping::kUnique, instants[0], instants[0]};
  if (instants.size() >= 2) return {LocalMapping::kRepeated, instants.front(), instants.back()};
  int64_t shifted = wall - before;  // read with the offset before the gap
  return {LocalMapping::kSkipped, shifted, shifted};
}

std::shared_ptr<const TimeZone> ZoneDatabase::Find(std::string_view name) {
  std::lock_guard lock(mutex_);
  if (auto it = zones_.find(name); it != zones_.end()) return it->second;
  bool safe = !name.empty() && name.size() <= 64 && name.front() != '/' && name.find("..") == std::string_view::npos &&
              std::all_of(name.begin(), name.end(), [](char c) {
                return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
                       c == '_' || c == '-' || c == '+';
              });
  if (!safe) return nullptr;
  std::string path = root_ + "/" + std::string(name);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || ec) return nullptr;
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto zone = TimeZone::Parse(bytes, nullptr);
  if (!zone) return nullptr;
  auto shared = std::make_shared<const TimeZone>(std::move(*zone));
  zones_.emplace(std::string(name), shared);
  return shared;
}

}  // namespace cloudlet::schedule
