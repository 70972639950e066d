using CommsHub.Firmware.Core.Engine;
using CommsHub.Firmware.Core.Security;
using CommsHub.Firmware.Core.Storage;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.UseCases;

namespace CommsHub.Firmware.SelfTest.Checks
{
    /// <summary>Anti-replay: originator counters must rise per remote party, and stay risen across a reboot.</summary>
    public static class AntiReplayChecks
    {
        private const int SectorSize = 1024;

        /// <summary>All anti-replay checks.</summary>
        public static ISelfTestCheck[] All()
        {
            return new ISelfTestCheck[]
            {
                new NamedCheck("anti-replay: counters rise per party and persist across reopen", CountersPersist),
                new NamedCheck("anti-replay: engine refuses a replayed command, also after a restart", EngineRefusesReplay),
            };
        }

        private static string CountersPersist()
        {
            RamBlockStore flash = new RamBlockStore(SectorSize, 2, 11);
            OriginatorCounterStore s = OriginatorCounterStore.Open(flash, 1);
            if (!s.IsFresh(Parties.Acb, 5) || !s.Accept(Parties.Acb, 5)) return "first counter refused";
            if (s.IsFresh(Parties.Acb, 5)) return "the same counter was fresh twice";
            if (s.IsFresh(Parties.Acb, 4)) return "a lower counter was fresh";
            if (!s.IsFresh(Parties.Supplier, 1)) return "another party's counter was refused";
            OriginatorCounterStore reopened = OriginatorCounterStore.Open(new RamBlockStore(flash.Flash, SectorSize, 12), 1);
            if (reopened.LastAccepted(Parties.Acb) != 5) return "counter lost on reopen";
            if (reopened.IsFresh(Parties.Acb, 5)) return "replayed counter fresh after reopen";
            if (!reopened.IsFresh(Parties.Acb, 6)) return "next counter refused after reopen";
            return null;
        }

        private static string EngineRefusesReplay()
        {
            EngineRig rig = new EngineRig();
            byte[] frame = rig.Command(MessageCodes.ECS52, 7, Ecs52ReadFirmwareVersion.BuildRequest(AccessRequest.InvokeIdFor(7)).Encode());
            if (rig.Send(frame) != WanMessageOutcome.Executed) return "first delivery not executed";
            if (rig.Send(frame) != WanMessageOutcome.Rejected || rig.Engine.LastRejection != SecurityReason.Replay) return "replay not refused";
            // A reboot: only the flash survives. Dropping the first hub before the second boots also keeps one hub, not
            // two, on the heap (on nanoCLR this check was the self-test's peak).
            byte[] image = rig.Flash.Flash;
            rig = null;
            EngineRig restarted = new EngineRig(new RamBlockStore(image, EngineRig.SectorSize, 2));
            if (restarted.Send(frame) != WanMessageOutcome.Rejected || restarted.Engine.LastRejection != SecurityReason.Replay)
                return "replay accepted after a restart";
            if (restarted.Uplink.Count != 0) return "a replay was answered";
            byte[] next = restarted.Command(MessageCodes.ECS52, 8, Ecs52ReadFirmwareVersion.BuildRequest(AccessRequest.InvokeIdFor(8)).Encode());
            return restarted.Send(next) == WanMessageOutcome.Executed ? null : "next counter refused after a restart";
        }
    }
}
