// The request and response every layer above the edge sees. Beast's own
// types, so the edge hands them over without copying.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace cloudlet::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Field = beast_http::field;
using Verb = beast_http::verb;

}  // namespace cloudlet::http
