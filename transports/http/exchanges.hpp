#pragma once
// The ways back from a dispatcher for what one POST to /mcp carried, and the outbox of a session's
// standalone (GET) stream.
#include "mcp/exchange.hpp"
#include "transports/http/admission.hpp"
#include "transports/http/connection.hpp"
#include "transports/http/http_session.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace varlet::transports {

class McpEndpoint;

// The answer to one POST: JSON when the response is all there is, an SSE stream as soon as
// anything must be said before it (progress, logs, server-to-client requests). `client` is whose
// rate limit a built answer is charged to.
std::shared_ptr<mcp::Exchange> post_exchange(McpEndpoint& endpoint, std::unique_ptr<Admission::Ticket> ticket,
                                             std::shared_ptr<HttpConnection> connection, std::shared_ptr<HttpSession> session,
                                             Headers headers, bool priming, std::uint32_t retry_ms, StreamLog::Limits replay,
                                             std::string client);

// Notifications and responses only: nothing to answer, but they hold their slot until handled.
std::shared_ptr<mcp::Exchange> notification_exchange(std::unique_ptr<Admission::Ticket> ticket);

// Messages for the standalone stream (GET), kept for replay while no GET is attached.
std::shared_ptr<mcp::Outbox> standalone_outbox(std::shared_ptr<HttpSession> session);

}  // namespace varlet::transports
