using System;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.Core.Engine
{
    /// <summary>
    /// The use cases the CHF executes itself: one row per message-code catalogue entry (<see cref="MessageCodes"/>),
    /// with its handler. A row is accepted only for a code the catalogue lists as a command the CHF executes, so a
    /// handler cannot exist for a code the catalogue does not know. Small parallel arrays (a handful of rows): a lookup
    /// costs no allocation.
    /// </summary>
    internal sealed class ChfHandlerTable
    {
        private readonly int[] _codes;
        private readonly ChfCommandHandler[] _handlers;
        private int _count;

        private ChfHandlerTable(int capacity)
        {
            _codes = new int[capacity];
            _handlers = new ChfCommandHandler[capacity];
        }

        /// <summary>The hub's table: every CHF use case and its handler (one handler may serve codes that share a payload).</summary>
        internal static ChfHandlerTable Create()
        {
            ChfHandlerTable t = new ChfHandlerTable(19);
            t.Add(MessageCodes.CCS01, new Ccs01AddDeviceHandler());
            t.Add(MessageCodes.CCS02, new Ccs02RemoveDeviceHandler());
            t.Add(MessageCodes.CCS03, new Ccs03RestoreDeviceLogHandler());
            Ccs06ReadDeviceLogHandler deviceLogRead = new Ccs06ReadDeviceLogHandler();
            t.Add(MessageCodes.CCS06, deviceLogRead);
            t.Add(MessageCodes.CCS05, deviceLogRead);
            t.Add(MessageCodes.CCS07, new Ccs07ReadDeviceLogsHandler());
            t.Add(MessageCodes.CS07, new Cs07ReadDeviceJoinDetailsHandler());
            t.Add(Cs02aProvideCredentialDetailsHandler.MessageCode, new Cs02aProvideCredentialDetailsHandler());
            t.Add(MessageCodes.ECS52, new Ecs52ReadFirmwareVersionHandler());
            Ecs35ReadChfLogHandler logRead = new Ecs35ReadChfLogHandler();
            t.Add(MessageCodes.ECS35c, logRead);
            t.Add(MessageCodes.ECS35d, logRead);
            Ecs26ReadChfIdentityHandler identityRead = new Ecs26ReadChfIdentityHandler();
            t.Add(MessageCodes.ECS26i, identityRead);
            t.Add(MessageCodes.ECS26n, identityRead);
            // One instance for the five: DBCH03 reads what DBCH04 set.
            DbchSubGhzHandler subGhz = new DbchSubGhzHandler();
            t.Add(MessageCodes.DBCH01, subGhz);
            t.Add(MessageCodes.DBCH02, subGhz);
            t.Add(MessageCodes.DBCH03, subGhz);
            t.Add(MessageCodes.DBCH04, subGhz);
            t.Add(MessageCodes.DBCH05, subGhz);
            return t;
        }

        /// <summary>Number of rows.</summary>
        internal int Count { get { return _count; } }

        /// <summary>The message code of row <paramref name="index"/>.</summary>
        internal int CodeAt(int index)
        {
            if (index < 0 || index >= _count) throw new ArgumentOutOfRangeException("index");
            return _codes[index];
        }

        /// <summary>The handler for <paramref name="messageCode"/>, or null (the CHF answers ECS100).</summary>
        internal ChfCommandHandler Find(int messageCode)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_codes[i] == messageCode) return _handlers[i];
            }
            return null;
        }

        /// <exception cref="ArgumentException">the code is not a CHF command in the catalogue, or has a row already.</exception>
        private void Add(int messageCode, ChfCommandHandler handler)
        {
            UseCaseInfo info = MessageCodes.Lookup(messageCode);
            if (info == null || !info.ExecutedByChf)
                throw new ArgumentException("0x" + messageCode.ToString("X4") + " is not a command the catalogue has the CHF execute");
            if (Find(messageCode) != null) throw new ArgumentException("0x" + messageCode.ToString("X4") + " has a handler already");
            _codes[_count] = messageCode;
            _handlers[_count] = handler;
            _count++;
        }
    }
}
