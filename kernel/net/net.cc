#include "kernel/net/net.h"

#include "kernel/drivers/virtio_net.h"
#include "kernel/lib/print.h"
#include "kernel/net/health.h"
#include "kernel/net/tcp.h"

extern "C" {
#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
}

namespace net {
namespace {

netif nif;
bool have_nic = false;
uint64_t rx_no_pbuf = 0;

err_t link_output(netif*, pbuf* p) {
  if (p->tot_len > virtio_net::kMaxFrame) return ERR_IF;
  uint8_t* buf = virtio_net::tx_begin();
  if (!buf) return ERR_MEM;  // ring full: dropped, TCP retransmits
  pbuf_copy_partial(p, buf, p->tot_len, 0);
  virtio_net::tx_commit(p->tot_len);
  return ERR_OK;
}

err_t nif_init(netif* n) {
  n->name[0] = 'v';
  n->name[1] = 'n';
  n->mtu = 1500;
  n->hwaddr_len = ETH_HWADDR_LEN;
  n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
  n->output = etharp_output;
  n->linkoutput = link_output;
  return ERR_OK;
}

void deliver(const uint8_t* frame, uint32_t len, void*) {
  pbuf* p = pbuf_alloc(PBUF_RAW, uint16_t(len), PBUF_POOL);
  if (!p) {
    rx_no_pbuf++;  // pool exhausted: drop, the sender retransmits
    return;
  }
  pbuf_take(p, frame, uint16_t(len));
  if (nif.input(p, &nif) != ERR_OK) pbuf_free(p);
}

void set_static() {
  ip4_addr_t ip, mask, gw;
  IP4_ADDR(&ip, 10, 0, 2, 15);
  IP4_ADDR(&mask, 255, 255, 255, 0);
  IP4_ADDR(&gw, 10, 0, 2, 2);
  netif_set_addr(&nif, &ip, &mask, &gw);
}

}  // namespace

bool up() {
  return have_nic && !ip4_addr_isany_val(*netif_ip4_addr(&nif));
}

void init(const Config& config) {
  uint8_t mac[6];
  if (!virtio_net::init(mac)) return;
  seed_keys();
  lwip_init();
  ip4_addr_t any;
  ip4_addr_set_zero(&any);
  netif_add(&nif, &any, &any, &any, nullptr, nif_init, ethernet_input);
  for (int i = 0; i < 6; i++) nif.hwaddr[i] = mac[i];
  netif_set_default(&nif);
  netif_set_link_up(&nif);
  netif_set_up(&nif);
  have_nic = true;

  const char* how = "static";
  if (config.mode == AddressMode::kDhcpOrStatic && dhcp_start(&nif) == ERR_OK) {
    // Interrupts are still off at boot: busy-poll the rings and timers.
    uint32_t deadline = now_ms() + config.dhcp_timeout_ms;
    while (!dhcp_supplied_address(&nif) && int32_t(now_ms() - deadline) < 0) poll();
    if (dhcp_supplied_address(&nif)) {
      how = "DHCP";
    } else {
      dhcp_release_and_stop(&nif);
      klog("net: no DHCP answer within %u ms, using the static address", config.dhcp_timeout_ms);
    }
  }
  if (!dhcp_supplied_address(&nif)) set_static();
  const ip4_addr_t* a = netif_ip4_addr(&nif);
  klog("net: virtio-net %02x:%02x:%02x:%02x:%02x:%02x up, address %u.%u.%u.%u via %s", mac[0],
       mac[1], mac[2], mac[3], mac[4], mac[5], ip4_addr1(a), ip4_addr2(a), ip4_addr3(a),
       ip4_addr4(a), how);
}

void poll() {
  if (!have_nic) return;
  virtio_net::poll_rx(deliver, nullptr);
  sys_check_timeouts();
  tcp::housekeeping(now_ms());
  health_check(now_ms(), rx_no_pbuf);
}

}  // namespace net
