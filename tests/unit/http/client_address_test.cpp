// Which address a request comes from, behind trusted reverse proxies or not.
#include <gtest/gtest.h>

#include "http/http.h"

namespace tapchi::http {
namespace {

const std::vector<std::string> kProxies{"127.0.0.1", "10.0.0.2"};

TEST(ClientAddress, IsThePeerUnlessThePeerIsATrustedProxy) {
  EXPECT_EQ(client_address("203.0.113.7", "", kProxies), "203.0.113.7");
  // Anyone may send the header; only a trusted proxy is believed.
  EXPECT_EQ(client_address("203.0.113.7", "198.51.100.1", kProxies), "203.0.113.7");
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.1", {}), "127.0.0.1");
}

TEST(ClientAddress, TakesTheRightmostAddressNoTrustedProxyAdded) {
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.1", kProxies), "198.51.100.1");
  // A reader may forge the left part; the right part was added by the proxies.
  EXPECT_EQ(client_address("127.0.0.1", "1.2.3.4, 198.51.100.1 ,10.0.0.2", kProxies),
            "198.51.100.1");
  EXPECT_EQ(client_address("127.0.0.1", "2001:db8::1", kProxies), "2001:db8::1");
  EXPECT_EQ(client_address("127.0.0.1", "10.0.0.2, 127.0.0.1", kProxies), "127.0.0.1");
}

TEST(ClientAddress, DoesNotBelieveMalformedEntries) {
  EXPECT_EQ(client_address("127.0.0.1", "not-an-address", kProxies), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.1, <script>", kProxies), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", " , ", kProxies), "127.0.0.1");
}

}  // namespace
}  // namespace tapchi::http
