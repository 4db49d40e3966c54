// An OMS written against QuickFIX/C++ (Debian's libquickfix), the independent FIX
// engine the gateway is tested against (server/fix/quickfix.test.ts). It validates
// everything the desk sends against QuickFIX's own FIX 4.4 data dictionary, and
// walks one script: new order with algorithmic fields -> acknowledged -> cancel ->
// cancelled -> order for an unknown symbol -> rejected -> market order -> acknowledged
// -> replace of a resting order -> replaced -> logout. Each application message it
// receives is printed as "RECV <message>"; exit 0 when the script completes,
// 2 on a timeout, 3 when QuickFIX rejects something the desk sent.
//
// Usage: oms_client <port> <FIX44.xml> <work dir>
#include <quickfix/Application.h>
#include <quickfix/FileLog.h>
#include <quickfix/FileStore.h>
#include <quickfix/Message.h>
#include <quickfix/Session.h>
#include <quickfix/SessionSettings.h>
#include <quickfix/SocketInitiator.h>
#include <quickfix/fix44/NewOrderSingle.h>
#include <quickfix/fix44/OrderCancelReplaceRequest.h>
#include <quickfix/fix44/OrderCancelRequest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

namespace {

std::string printable(const FIX::Message& m) {
  std::string s = m.toString();
  for (auto& c : s) if (c == '\x01') c = '|';
  return s;
}

class Oms : public FIX::Application {
 public:
  std::atomic<int> exitCode{-1};

  void onCreate(const FIX::SessionID&) {}
  void onLogon(const FIX::SessionID& id) {
    session_ = id;
    std::cout << "LOGON" << std::endl;
    FIX44::NewOrderSingle nos(FIX::ClOrdID("qf-1"), FIX::Side(FIX::Side_BUY), FIX::TransactTime(), FIX::OrdType(FIX::OrdType_LIMIT));
    nos.set(FIX::Symbol("AAPL"));
    nos.set(FIX::OrderQty(100));
    nos.set(FIX::Price(150.25));
    nos.setField(FIX::TargetStrategy(2));
    nos.setField(FIX::ParticipationRate(0.2));
    send(nos);
  }
  void onLogout(const FIX::SessionID&) { std::cout << "LOGOUT" << std::endl; if (exitCode < 0 && done_) exitCode = 0; }
  void toAdmin(FIX::Message& m, const FIX::SessionID&) {
    if (m.getHeader().getField(FIX::FIELD::MsgType) == "A") m.setField(FIX::Password("oms-demo"));
  }
  void toApp(FIX::Message&, const FIX::SessionID&) throw(FIX::DoNotSend) {}
  void fromAdmin(const FIX::Message& m, const FIX::SessionID&) throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::RejectLogon) {
    const std::string type = m.getHeader().getField(FIX::FIELD::MsgType);
    if (type == "3") { std::cout << "SESSION-REJECT " << printable(m) << std::endl; exitCode = 3; }
  }
  void fromApp(const FIX::Message& m, const FIX::SessionID&) throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::UnsupportedMessageType) {
    std::cout << "RECV " << printable(m) << std::endl;
    const std::string type = m.getHeader().getField(FIX::FIELD::MsgType);
    if (type != "8") return;
    const std::string clOrdId = m.getField(FIX::FIELD::ClOrdID);
    const std::string execType = m.getField(FIX::FIELD::ExecType);
    if (clOrdId == "qf-1" && execType == "0") {
      FIX44::OrderCancelRequest cxl(FIX::OrigClOrdID("qf-1"), FIX::ClOrdID("qf-1-c"), FIX::Side(FIX::Side_BUY), FIX::TransactTime());
      cxl.set(FIX::Symbol("AAPL"));
      cxl.set(FIX::OrderQty(100));
      send(cxl);
    } else if (clOrdId == "qf-1-c" && execType == "4") {
      FIX44::NewOrderSingle bad(FIX::ClOrdID("qf-2"), FIX::Side(FIX::Side_SELL), FIX::TransactTime(), FIX::OrdType(FIX::OrdType_MARKET));
      bad.set(FIX::Symbol("ZZZZ"));
      bad.set(FIX::OrderQty(100));
      send(bad);
    } else if (clOrdId == "qf-2" && execType == "8") {
      FIX44::NewOrderSingle nos(FIX::ClOrdID("qf-3"), FIX::Side(FIX::Side_BUY), FIX::TransactTime(), FIX::OrdType(FIX::OrdType_LIMIT));
      nos.set(FIX::Symbol("JPM"));
      nos.set(FIX::OrderQty(300));
      nos.set(FIX::Price(200));
      nos.setField(FIX::TargetStrategy(1));
      send(nos);
    } else if (clOrdId == "qf-3" && execType == "0") {
      FIX44::OrderCancelReplaceRequest rpl(FIX::OrigClOrdID("qf-3"), FIX::ClOrdID("qf-3-r"), FIX::Side(FIX::Side_BUY), FIX::TransactTime(), FIX::OrdType(FIX::OrdType_LIMIT));
      rpl.set(FIX::Symbol("JPM"));
      rpl.set(FIX::OrderQty(200));
      rpl.set(FIX::Price(201));
      send(rpl);
    } else if (clOrdId == "qf-3-r" && execType == "5") {
      done_ = true;
      FIX::Session::lookupSession(session_)->logout("script done");
    }
  }

 private:
  void send(FIX::Message& m) { FIX::Session::sendToTarget(m, session_); }
  FIX::SessionID session_;
  std::atomic<bool> done_{false};
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) { std::cerr << "usage: oms_client <port> <FIX44.xml> <work dir>" << std::endl; return 64; }
  std::stringstream cfg;
  cfg << "[DEFAULT]\nConnectionType=initiator\nReconnectInterval=1\nStartTime=00:00:00\nEndTime=00:00:00\nHeartBtInt=30\n"
      << "SocketConnectHost=127.0.0.1\nSocketConnectPort=" << argv[1] << "\nUseDataDictionary=Y\nDataDictionary=" << argv[2] << "\n"
      << "ResetOnLogon=Y\nFileStorePath=" << argv[3] << "/store\nFileLogPath=" << argv[3] << "/log\n"
      << "[SESSION]\nBeginString=FIX.4.4\nSenderCompID=OMS\nTargetCompID=DESK\n";
  try {
    FIX::SessionSettings settings(cfg);
    Oms app;
    FIX::FileStoreFactory store(settings);
    FIX::FileLogFactory log(settings);
    FIX::SocketInitiator initiator(app, store, settings, log);
    initiator.start();
    for (int i = 0; i < 300 && app.exitCode < 0; i++) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    initiator.stop();
    if (app.exitCode < 0) { std::cout << "TIMEOUT" << std::endl; return 2; }
    return app.exitCode;
  } catch (std::exception& e) {
    std::cerr << "quickfix: " << e.what() << std::endl;
    return 1;
  }
}
