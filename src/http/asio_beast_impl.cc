// Asio and Beast are header-only libraries; compiled once here so that every
// other translation unit only sees declarations (see CMakeLists.txt).
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
