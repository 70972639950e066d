using CommsHub.Firmware.Core.Logs;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// ECS35c Read CHF Event Log (0x0093) and ECS35d Read CHF Security Log (0x0094): the entries whose time lies in the
    /// requested range, as a compact-array of {time, code, data} (event log) or {time, code} (security log), the
    /// column layouts RTDS shows. The message code must name the log the payload selects.
    /// </summary>
    internal sealed class Ecs35ReadChfLogHandler : ChfCommandHandler
    {
        private Ecs35ReadChfLog _command;


        internal override void Decode(int messageCode, byte[] buffer, int offset, int count)
        {
            Ecs35ReadChfLog c = Ecs35ReadChfLog.DecodeRequest(buffer, offset, count);
            ulong expected = messageCode == MessageCodes.ECS35c ? Obis.EventLog : Ecs35ReadChfLog.SecurityLog;
            if (c.Log != expected)
                throw new GbcsFormatException(GbcsErrorCode.BadField, offset, "ECS35: the message code and the log read disagree");
            _command = c;
        }

        internal override ChfCommandEffects Execute(ChfCommandContext context, ByteWriter response)
        {
            Ecs35ReadChfLog c = _command;
            _command = null;
            bool events = c.Log == Obis.EventLog;
            LogEntry[] found = events ? context.EventLog.Read(c.From, c.To) : context.SecurityLog.Read(c.From, c.To);
            ChfLogEntry[] entries = new ChfLogEntry[found.Length];
            for (int i = 0; i < entries.Length; i++)
            {
                ChfLogEntry e = new ChfLogEntry();
                e.Time = found[i].Time;
                e.EventCode = found[i].EventCode;
                if (events) e.Data = found[i].Detail;
                entries[i] = e;
            }
            Ecs35ReadChfLog.BuildResponse(c.LongInvokeIdAndPriority, DlmsResults.Success, entries, events).Encode(response);
            return ChfCommandEffects.None;
        }
    }
}
