using System;
using CommsHub.Firmware.Core.DeviceLog;
using CommsHub.Firmware.Core.Han;
using CommsHub.Firmware.Core.Logs;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Time;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.Framing;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// The comms hub engine: takes GBCS frames from the WAN, authenticates and executes those addressed to the CHF,
    /// forwards the rest to the HAN, relays HAN responses and alerts to the WAN, and raises the CHF's own alerts
    /// (CS14 on device log changes, ECS100 for unsupported commands, failure-to-deliver for unreachable devices).
    /// <para>
    /// A CHF command is accepted only when it parses, its MAC verifies (ACB KA x CHF KA), its originator holds a trust
    /// anchor cell, its signature verifies where present (and it is present on critical commands), its payload decodes
    /// for the use case and its originator counter is greater than the last accepted one of that party. Anything else
    /// goes to the security log with the reason and changes nothing else. Single-threaded: the host serialises calls.
    /// </para>
    /// <para>
    /// No answer is lost for a full outbox: a command is taken from the WAN only while the outbox has room for its
    /// answer, for every answer already owed (<see cref="AnswerReservations"/>: commands on the HAN awaiting their
    /// response) and for <see cref="HubEngineConfig.AlertReserve"/> alerts. Otherwise <see cref="HandleWanMessage"/>
    /// answers <see cref="WanMessageOutcome.HeldBack"/> and touches nothing, and the WAN link holds the command back
    /// (unacknowledged, so the broker keeps it) until the outbox drains. A frame the outbox still refuses is counted in
    /// <see cref="FramesRefused"/>, never dropped silently.
    /// </para>
    /// </summary>
    public sealed class HubEngine
    {
        private readonly HubEngineConfig _config;
        private readonly CommandAuthenticator _authenticator;
        private readonly OutboundFrames _outbound;
        private readonly GbcsMessage _in = new GbcsMessage();
        private readonly ChfHandlerTable _handlers;
        private readonly ChfCommandContext _context;
        // Response and CS14 payloads are written here and framed from here: one buffer that grows to the largest
        // answer (a full device log) once, instead of a payload array and a DLMS tree per message.
        private readonly ByteWriter _payload = new ByteWriter(1024);
        private readonly DlmsDateTime _time = new DlmsDateTime();
        private readonly AnswerReservations _owed;
        private readonly GbcsMessage _hanIn = new GbcsMessage();
        private long _hanRefused;
        private uint _lastCommunicationFlush;
        private ChfStepFault _fault;

        /// <summary>Creates the engine and subscribes to the device log and the HAN bridge.</summary>
        /// <exception cref="ArgumentException">a required part of <paramref name="config"/> is missing.</exception>
        public HubEngine(HubEngineConfig config)
        {
            if (config == null) throw new ArgumentNullException("config");
            if (config.Crypto == null || config.KeyAgreementKey == null || config.DigitalSignatureKey == null || config.TrustAnchors == null ||
                config.DeviceLog == null || config.Counters == null || config.EventLog == null || config.SecurityLog == null ||
                config.Uplink == null || config.Clock == null || config.Eui == 0)
                throw new ArgumentException("incomplete hub engine configuration");
            if (config.AlertReserve < 0 || config.ReservedFrameLength < 1 || config.MaxOwedAnswers < 1)
                throw new ArgumentException("outbox reservation settings must be positive");
            _config = config;
            _authenticator = new CommandAuthenticator(config.Crypto, config.KeyAgreementKey, config.TrustAnchors);
            _outbound = new OutboundFrames(config.Eui, config.Crypto, config.KeyAgreementKey, config.DigitalSignatureKey, config.Uplink);
            _handlers = ChfHandlerTable.Create();
            _context = new ChfCommandContext(config);
            _owed = new AnswerReservations(config.MaxOwedAnswers);
            _lastCommunicationFlush = Now;
            config.DeviceLog.Changed += OnDeviceLogChanged;
            if (config.Han != null)
            {
                config.Han.FrameReceived += OnHanFrame;
                config.Han.CommandTimedOut += OnHanCommandTimedOut;
                IHanJoinEvents joins = config.Han as IHanJoinEvents;
                if (joins != null) joins.JoinRefused += OnJoinRefused;
            }
        }

        /// <summary>The CHF's EUI-64.</summary>
        public ulong Eui { get { return _config.Eui; } }

        /// <summary>The CHF Device Log.</summary>
        public ChfDeviceLog DeviceLog { get { return _config.DeviceLog; } }

        /// <summary>The event log.</summary>
        public EventLog EventLog { get { return _config.EventLog; } }

        /// <summary>The security log.</summary>
        public SecurityLog SecurityLog { get { return _config.SecurityLog; } }

        /// <summary>Firmware version reported by ECS52.</summary>
        public byte[] FirmwareVersion { get { return _config.FirmwareVersion; } }

        /// <summary>Radio statistics provider, or null.</summary>
        public IHanLinkStatus LinkStatus { get { return _config.LinkStatus; } }

        /// <summary>Why the last rejected message was rejected.</summary>
        public SecurityReason LastRejection { get; private set; }

        /// <summary>Number of CHF commands executed by this instance.</summary>
        public long CommandsExecuted { get; private set; }

        /// <summary>Number of WAN messages rejected by this instance.</summary>
        public long MessagesRejected { get; private set; }

        /// <summary>Commands on the HAN whose answer has a place reserved in the outbox.</summary>
        public int OwedAnswers { get { return _owed.Count; } }

        /// <summary>
        /// True while the outbox has room for one more command's answer besides the answers owed and the alert reserve:
        /// <see cref="HandleWanMessage"/> takes a command only then.
        /// </summary>
        public bool CanTakeCommand
        {
            get
            {
                if (_owed.IsFull) return false;
                return _config.Uplink.RoomFor(_config.ReservedFrameLength) >= _owed.Count + _config.AlertReserve + 1;
            }
        }

        /// <summary>Times a WAN frame was offered and held back (<see cref="WanMessageOutcome.HeldBack"/>).</summary>
        public long CommandsHeldBack { get; private set; }

        /// <summary>Frames the outbox refused (HAN responses and alerts, and the hub's own): each one counted, none silent.</summary>
        public long FramesRefused { get { return _hanRefused + _outbound.Refused; } }

        /// <summary>Commands for a HAN device that could not be delivered and were answered with a failure-to-deliver alert.</summary>
        public long UndeliverableCommands { get; private set; }

        /// <summary>Why the last undeliverable command could not be delivered.</summary>
        public HanForwardResult LastUndeliverable { get; private set; }

        /// <summary>Number of message codes the CHF executes itself (the rest it answers with ECS100).</summary>
        public int ExecutedMessageCodeCount { get { return _handlers.Count; } }

        /// <summary>Message code <paramref name="index"/> (0..<see cref="ExecutedMessageCodeCount"/>-1) that the CHF executes itself.</summary>
        public int ExecutedMessageCodeAt(int index)
        {
            return _handlers.CodeAt(index);
        }

        /// <summary>Now, in <see cref="HubTime"/> seconds.</summary>
        public uint Now { get { return HubTime.ToSeconds(_config.Clock.UtcNow); } }

        /// <summary>Handles one frame from <c>chub/{EUI}/down</c>.</summary>
        public WanMessageOutcome HandleWanMessage(byte[] frame, int offset, int count)
        {
            if (!CanTakeCommand)
            {
                CommandsHeldBack++;
                return WanMessageOutcome.HeldBack;
            }
            try
            {
                GbcsFrameParser.ParseInto(_in, frame, offset, count);
            }
            catch (GbcsFormatException)
            {
                return Reject(SecurityReason.Malformed, false);
            }
            WanMessageOutcome outcome = _in.Target == _config.Eui ? HandleChfCommand() : ForwardToHan();
            MaybeFlushCommunication();
            return outcome;
        }

        /// <summary>Periodic housekeeping (call every few seconds): writes noted communication times when due.</summary>
        public void Tick()
        {
            MaybeFlushCommunication();
        }

        /// <summary>Writes everything kept in RAM to flash (before an orderly shutdown).</summary>
        public void Flush()
        {
            _config.DeviceLog.FlushCommunication();
            _lastCommunicationFlush = Now;
        }

        private WanMessageOutcome HandleChfCommand()
        {
            SecurityReason reason;
            TrustAnchorCell originator;
            if (!_authenticator.Authenticate(_in, out reason, out originator)) return Reject(reason, true);
            if (!_config.Counters.IsFresh(_in.Originator, _in.OriginatorCounter)) return Reject(SecurityReason.Replay, true);
            ChfCommandHandler handler = _handlers.Find(_in.MessageCode);
            if (handler == null)
            {
                if (!SpendCounter()) return Reject(SecurityReason.CounterNotRecorded, true);
                SendCommandNotSupported();
                return WanMessageOutcome.NotSupported;
            }
            try
            {
                handler.Decode(_in.MessageCode, _in.Buffer, _in.ContentOffset, _in.ContentLength);
            }
            catch (GbcsFormatException)
            {
                return Reject(SecurityReason.Malformed, true);
            }
            // Authenticated, fresh and readable: from here the counter is spent even if execution fails, so the same
            // command can never run twice.
            if (!SpendCounter()) return Reject(SecurityReason.CounterNotRecorded, true);
            _payload.Reset();
            ChfCommandEffects effects = _fault == null ? handler.Execute(_context, _payload) : ExecuteUnderFault(handler);
            _outbound.SendResponse(_in, originator.KaPublicKey, _payload.GetBuffer(), 0, _payload.Length);
            CommandsExecuted++;
            _config.EventLog.RecordCommand(Now, EventCodes.CommandActioned, _in.MessageCode);
            // The CS14 goes out after the response, so the adapter sees the command answered before the log change.
            if ((effects & ChfCommandEffects.DeviceLogChanged) != 0) SendCs14();
            return WanMessageOutcome.Executed;
        }

        // Records the command's counter before the command acts. Accept refuses a party the full table has no room for,
        // and a command whose counter is not recorded would run again on every replay: the table first forgets the
        // parties no trust anchor names any more, and if the counter still cannot be recorded the command is refused.
        private bool SpendCounter()
        {
            OriginatorCounterStore counters = _config.Counters;
            if (counters.Accept(_in.Originator, _in.OriginatorCounter)) return true;
            return counters.ForgetUnanchored(_config.TrustAnchors) > 0 && counters.Accept(_in.Originator, _in.OriginatorCounter);
        }

        /// <summary>
        /// Arms <paramref name="fault"/> (replacing any armed one): the next DLMS command it matches fails at its step
        /// (docs/VIRTUAL-DEVICE-FAULTS.md). For test rigs; call on the engine's thread.
        /// </summary>
        public void ArmFault(ChfStepFault fault)
        {
            if (fault == null) throw new ArgumentNullException("fault");
            _fault = fault;
        }

        /// <summary>Disarms the fault.</summary>
        public void ClearFault() { _fault = null; }

        /// <summary>The armed fault, or null.</summary>
        public ChfStepFault ArmedFault { get { return _fault; } }

        /// <summary>Commands an armed fault has tripped.</summary>
        public int FaultsTripped { get; private set; }

        // Runs the decoded command with the armed fault when it trips: the steps before the failing one run (the handler
        // is told how many, and not called at all when the first fails), and the answer is rebuilt with hardware-fault at
        // the failing step and other-reason after it. Allocates only here, never on the path without a fault.
        private ChfCommandEffects ExecuteUnderFault(ChfCommandHandler handler)
        {
            ChfStepFault fault = _fault;
            AccessRequest request = null;
            if (fault.Matches(_in.MessageCode) && _in.ContentLength > 0 && _in.Buffer[_in.ContentOffset] == DlmsApdu.AccessRequest)
            {
                try
                {
                    request = AccessRequest.Decode(_in.Buffer, _in.ContentOffset, _in.ContentLength);
                }
                catch (GbcsFormatException)
                {
                    request = null;
                }
            }
            if (request == null || request.Specs.Length == 0) return handler.Execute(_context, _payload);
            if (!fault.Persistent) _fault = null;
            FaultsTripped++;
            int failing = fault.FailingStep(request.Specs.Length);
            ChfCommandEffects effects = ChfCommandEffects.None;
            AccessResponse executed = null;
            if (failing > 0)
            {
                _context.StepsToRun = failing;
                try
                {
                    effects = handler.Execute(_context, _payload);
                }
                finally
                {
                    _context.StepsToRun = int.MaxValue;
                }
                // A copy: the decoded data are views into it, and the answer is rewritten into the payload buffer.
                byte[] ran = new byte[_payload.Length];
                Array.Copy(_payload.GetBuffer(), 0, ran, 0, ran.Length);
                executed = AccessResponse.Decode(ran, 0, ran.Length);
            }
            _payload.Reset();
            ChfStepFault.Answer(request, executed, failing).Encode(_payload);
            return effects;
        }

        private WanMessageOutcome ForwardToHan()
        {
            // The CHF does not check meter-bound MACs (the meter does), but only commands travel down.
            if (_in.Cra != CraFlag.Command) return Reject(SecurityReason.NotACommand, true);
            HanForwardResult r = HanForwardResult.UnknownDevice;
            if (_config.Han != null)
            {
                // A copy of a command already on its way (the broker redelivers, the adapter republishes) shares the
                // first copy's place: if this copy cannot go, the first is still answered, so its place is not taken
                // back and no failure-to-deliver alert contradicts the answer to come.
                bool onItsWay = _owed.Contains(_in.Target, _in.OriginatorCounter);
                // Reserved before forwarding: a device may answer from inside Forward.
                _owed.Add(_in.Target, _in.OriginatorCounter, _in.Originator);
                r = _config.Han.Forward(_in.Target, _in.Buffer, _in.Offset, _in.Length, _in.OriginatorCounter);
                if (r == HanForwardResult.Sent || r == HanForwardResult.Queued || onItsWay) return WanMessageOutcome.Forwarded;
                ulong ignored;
                _owed.Take(_in.Target, _in.OriginatorCounter, out ignored);
            }
            UndeliverableCommands++;
            LastUndeliverable = r;
            SendFailureToDeliver(_in.Originator, _in.Target, _in.OriginatorCounter, _in);
            return WanMessageOutcome.Undeliverable;
        }

        private WanMessageOutcome Reject(SecurityReason reason, bool parsed)
        {
            LastRejection = reason;
            MessagesRejected++;
            _config.SecurityLog.RecordRejection(Now, reason, parsed ? _in.MessageCode : 0, parsed ? _in.Originator : 0,
                parsed ? _in.OriginatorCounter : 0);
            return WanMessageOutcome.Rejected;
        }

        // ECS100 (0x0120) as RTDS shows it: alert 0x8F85 whose octet string is the command's message code and
        // originator counter, signed by the device, to the command's originator with its SRP fields.
        private void SendCommandNotSupported()
        {
            byte[] detail = new byte[10];
            BigEndian.WriteUInt16(detail, 0, _in.MessageCode);
            BigEndian.WriteUInt64(detail, 2, _in.OriginatorCounter);
            ulong counter = _config.Counters.NextOwnCounter();
            byte[] payload = AlertPayload(counter, EventCodes.CommandNotSupported, DlmsData.OctetString(detail));
            _outbound.SendSignedAlert(counter, _in.Originator, CommandNotSupportedMessageCode, payload, _in);
            _config.EventLog.RecordCommand(Now, EventCodes.CommandNotActioned, _in.MessageCode);
        }

        // A command the HAN cannot deliver: "Failure to Deliver Remote Party Message" (0x00D5, alert 0x8F84) carrying the
        // GBCS Remote Party Message that failed (originator, target, CRA, counter), MAC'd to the ACB: see
        // FailureToDeliverAlert for the layout and why the ACB receives it. The DCC answers the request at once with it.
        private void SendFailureToDeliver(ulong originator, ulong target, ulong originatorCounter, GbcsMessage cause)
        {
            _config.EventLog.RecordDevice(Now, EventCodes.FailureToDeliver, target);
            TrustAnchorCell acb = _config.TrustAnchors.AccessControlBroker;
            if (acb == null || acb.KaPublicKey == null) return;
            FailureToDeliverAlert alert = new FailureToDeliverAlert();
            alert.BusinessOriginator = originator;
            alert.BusinessTarget = target;
            alert.Cra = CraFlag.Command;
            alert.OriginatorCounter = originatorCounter;
            ulong counter = _config.Counters.NextOwnCounter();
            byte[] payload = AlertPayload(counter, FailureToDeliverAlert.AlertCode, alert.ToData());
            _outbound.SendMacAlert(counter, acb.Eui, acb.KaPublicKey, FailureToDeliverMessageCode, payload, cause);
        }

        /// <summary>Message code of the Failure to Deliver Remote Party Message alert (FDRPMA).</summary>
        public const int FailureToDeliverMessageCode = FailureToDeliverAlert.MessageCode;

        /// <summary>Message code of ECS100 Command not supported by Device.</summary>
        public const int CommandNotSupportedMessageCode = 0x0120;

        private byte[] AlertPayload(ulong counter, int alertCode, DlmsData item)
        {
            DataNotification n = DataNotification.Alert(AccessRequest.InvokeIdFor(counter), alertCode,
                HubDateTime.ToDlms(Now, false), new DlmsData[] { item });
            return n.Encode();
        }

        private void OnDeviceLogChanged(ChfDeviceLog sender, DeviceLogChange change)
        {
            uint now = Now;
            switch (change.Kind)
            {
                case DeviceLogChangeKind.Joined:
                    _config.EventLog.RecordDevice(now, EventCodes.DeviceJoiningSucceeded, change.Eui);
                    break;
                case DeviceLogChangeKind.Left:
                    _config.EventLog.RecordDevice(now, EventCodes.DeviceUnjoiningSucceeded, change.Eui);
                    break;
            }
            if (!change.BackupChanged) return;
            _config.EventLog.RecordDevice(now, EventCodes.DeviceLogChanged, change.Eui);
            // A change the HAN made (a join) is announced at once; one a command made is announced by the engine after
            // the command's response, from what its handler reports (ChfCommandEffects).
            if (MadeByHan(change.Kind)) SendCs14();
        }

        private static bool MadeByHan(DeviceLogChangeKind kind)
        {
            return kind == DeviceLogChangeKind.Joined || kind == DeviceLogChangeKind.Left || kind == DeviceLogChangeKind.Communication;
        }

        // CS14 (0x0018): alert 0x8F12 carrying the device log backup, MAC'd CHF x ACB (RTDS NA_CS14).
        private void SendCs14()
        {
            TrustAnchorCell acb = _config.TrustAnchors.AccessControlBroker;
            if (acb == null || acb.KaPublicKey == null) return;
            ulong counter = _config.Counters.NextOwnCounter();
            // The response (if any) is already framed, so the payload writer is free again. Time stamp and backup
            // time are the same second, as in RTDS.
            HubDateTime.Fill(_time, Now, false);
            _payload.Reset();
            Cs14DeviceLogChangedAlert.WriteStart(_payload, AccessRequest.InvokeIdFor(counter), _time);
            Ccs07ReadDeviceLogsHandler.WriteDeviceLog(_payload, _config.DeviceLog, _time);
            _outbound.SendMacAlert(counter, acb.Eui, acb.KaPublicKey, MessageCodes.CS14, _payload.GetBuffer(), 0, _payload.Length, null);
        }

        private void OnHanFrame(ulong source, byte[] frame, int offset, int count)
        {
            _config.DeviceLog.NoteCommunication(source);
            try
            {
                // A response releases the place its command reserved, which is the place it now takes.
                GbcsFrameParser.ParseInto(_hanIn, frame, offset, count);
                ulong originator;
                if (_hanIn.Cra == CraFlag.Response) _owed.Take(source, _hanIn.OriginatorCounter, out originator);
            }
            catch (GbcsFormatException)
            {
                // Not parseable here (a GBT segment): relayed all the same, from the alert reserve.
            }
            if (!_config.Uplink.Send(frame, offset, count)) _hanRefused++;
            MaybeFlushCommunication();
        }

        // A forwarded command that will get no response frees its place; one that never left its mailbox is answered
        // with the failure-to-deliver alert, in that same place, so its user hears at once instead of by a DCC timeout.
        private void OnHanCommandTimedOut(ulong target, ulong originatorCounter, HanTimeoutReason reason)
        {
            ulong originator;
            if (!_owed.Take(target, originatorCounter, out originator)) return;
            if (reason != HanTimeoutReason.MailboxExpired) return;
            UndeliverableCommands++;
            SendFailureToDeliver(originator, target, originatorCounter, null);
        }

        // A device the device log does not allow tried to join (the bridge has sent it away): GBCS 0x8F48.
        private void OnJoinRefused(ulong device)
        {
            _config.SecurityLog.RecordRefusedJoin(Now, device);
        }

        private void MaybeFlushCommunication()
        {
            if (!_config.DeviceLog.HasUnpersistedCommunication) return;
            uint now = Now;
            if (now - _lastCommunicationFlush < _config.CommunicationFlushSeconds) return;
            _config.DeviceLog.FlushCommunication();
            _lastCommunicationFlush = now;
        }
    }
}
