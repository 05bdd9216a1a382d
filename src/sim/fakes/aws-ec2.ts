import type { Handler } from '../local-server.js';
import {
  iamDenial,
  listParam,
  sendEc2Error,
  sendXml,
  signedAccessKey,
  signedRegion,
  tagSetXml,
  xmlEscape,
} from './aws-wire.js';
import { denies, type FleetWorld, SIM_AWS_TYPES, type SimVm, serve } from './fleet-world.js';

const NS = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"';
const STATE_CODE: Record<string, number> = { running: 16, stopping: 64, stopped: 80 };
const regionOf = (zone: string) => zone.replace(/[a-z]$/, '');

function instanceXml(vm: SimVm): string {
  return (
    `<item><instanceId>${vm.id}</instanceId><instanceType>${vm.type}</instanceType>` +
    `<launchTime>${vm.launchedAt}</launchTime>` +
    `<placement><availabilityZone>${vm.zone}</availabilityZone></placement>` +
    `<instanceState><code>${STATE_CODE[vm.state]}</code><name>${vm.state}</name></instanceState>` +
    `<rootDeviceType>${vm.rootDevice ?? 'ebs'}</rootDeviceType>` +
    (vm.spot ? '<instanceLifecycle>spot</instanceLifecycle>' : '') +
    `${tagSetXml(vm.name ? { Name: vm.name, ...vm.tags } : vm.tags)}</item>`
  );
}

function typeXml(type: string): string {
  const t = SIM_AWS_TYPES[type] ?? {};
  const gpu = t.gpus
    ? `<gpuInfo><gpus><item><name>${t.gpus[0]}</name><manufacturer>NVIDIA</manufacturer><count>${t.gpus[1]}</count></item></gpus></gpuInfo>`
    : '';
  const neuron = t.neuron
    ? `<neuronInfo><neuronDevices><item><count>${t.neuron[1]}</count><name>${t.neuron[0]}</name></item></neuronDevices></neuronInfo>`
    : '';
  return `<item><instanceType>${type}</instanceType><currentGeneration>true</currentGeneration>${gpu}${neuron}</item>`;
}

/**
 * EC2 over its query protocol: form-encoded POST, XML answers (lists as `<item>`), errors as
 * Response/Errors/Error. Serves DescribeInstances (paged, or by id), DescribeInstanceTypes, StopInstances
 * and CreateTags for the world's AWS machines in the region the request was signed for.
 */
export function awsEc2Fake(world: FleetWorld): Handler {
  return (req, body, res) => {
    const params = new URLSearchParams(body.toString());
    const action = params.get('Action') ?? '';
    const region = signedRegion(req);
    const throttled = serve(world, 'ec2', action, region);
    const key = signedAccessKey(req);
    const call = world.calls[world.calls.length - 1];
    if (call && key) call.accessKeyId = key;
    if (throttled) {
      sendEc2Error(res, 503, 'RequestLimitExceeded', 'Request limit exceeded.');
      return;
    }
    // IAM is checked before the request is run, a dry run included: a refused dry run is refused.
    if (denies(world, action)) {
      sendEc2Error(
        res,
        403,
        'UnauthorizedOperation',
        `You are not authorized to perform this operation. ${iamDenial(`ec2:${action}`, `arn:aws:ec2:${region}:123456789012:instance/*`)}. Encoded authorization failure message: fake-encoded-message`,
      );
      return;
    }
    if (params.get('DryRun') === 'true') {
      sendEc2Error(res, 412, 'DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');
      return;
    }
    const here = world.vms.filter((v) => v.provider === 'aws' && regionOf(v.zone) === region);
    /** The named machines of this region, or undefined once EC2's not-found error is sent. */
    const machines = (ids: string[]): SimVm[] | undefined => {
      const vms = ids.map((id) => here.find((v) => v.id === id));
      const missing = ids.find((_, i) => !vms[i]);
      if (missing === undefined) return vms as SimVm[];
      sendEc2Error(
        res,
        400,
        'InvalidInstanceID.NotFound',
        `The instance ID '${xmlEscape(missing)}' does not exist`,
      );
      return undefined;
    };
    if (action === 'DescribeInstances') {
      const states = new Set<string>();
      for (let i = 1; params.has(`Filter.${i}.Name`); i++) {
        if (params.get(`Filter.${i}.Name`) === 'instance-state-name') {
          for (const s of listParam(params, `Filter.${i}.Value`)) states.add(s);
        }
      }
      // By id (InstanceId.N) the named machines in any state, or EC2's not-found error.
      const ids = listParam(params, 'InstanceId');
      const named = ids.length ? machines(ids) : here;
      if (!named) return;
      const matching = named.filter((v) => states.size === 0 || states.has(v.state));
      const start = Number(params.get('NextToken') ?? '0');
      const page = matching.slice(start, start + world.pageSize);
      const next =
        start + world.pageSize < matching.length ? `<nextToken>${start + world.pageSize}</nextToken>` : '';
      // One reservation per instance, as RunInstances with count 1 makes.
      const reservations = page
        .map(
          (v) =>
            `<item><reservationId>r-${v.id.slice(2)}</reservationId><ownerId>${v.account}</ownerId>` +
            `<instancesSet>${instanceXml(v)}</instancesSet></item>`,
        )
        .join('');
      sendXml(
        res,
        200,
        `<DescribeInstancesResponse ${NS}><requestId>r</requestId><reservationSet>${reservations}</reservationSet>${next}</DescribeInstancesResponse>`,
      );
      return;
    }
    if (action === 'DescribeInstanceTypes') {
      const types = listParam(params, 'InstanceType');
      const unknown = types.find((t) => !(t in SIM_AWS_TYPES));
      if (unknown) {
        sendEc2Error(
          res,
          400,
          'InvalidInstanceType',
          `The following supplied instance types do not exist: [${unknown}]`,
        );
        return;
      }
      sendXml(
        res,
        200,
        `<DescribeInstanceTypesResponse ${NS}><requestId>r</requestId><instanceTypeSet>${types.map(typeXml).join('')}</instanceTypeSet></DescribeInstanceTypesResponse>`,
      );
      return;
    }
    if (action === 'StopInstances') {
      const ids = listParam(params, 'InstanceId');
      const vms = machines(ids);
      if (!vms) return;
      const refused = ids.find((id) => world.faults.failStop.includes(id));
      if (refused) {
        sendEc2Error(
          res,
          400,
          'UnsupportedOperation',
          `The instance '${refused}' is not in a state from which it can be stopped.`,
        );
        return;
      }
      const items = vms
        .map((v) => {
          const previous = v.state;
          v.state = 'stopped';
          return (
            `<item><instanceId>${v.id}</instanceId><currentState><code>64</code><name>stopping</name></currentState>` +
            `<previousState><code>${STATE_CODE[previous]}</code><name>${previous}</name></previousState></item>`
          );
        })
        .join('');
      sendXml(
        res,
        200,
        `<StopInstancesResponse ${NS}><requestId>r</requestId><instancesSet>${items}</instancesSet></StopInstancesResponse>`,
      );
      return;
    }
    if (action === 'CreateTags') {
      const ids = listParam(params, 'ResourceId');
      const tags: [string, string][] = [];
      for (let i = 1; params.has(`Tag.${i}.Key`); i++)
        tags.push([params.get(`Tag.${i}.Key`) ?? '', params.get(`Tag.${i}.Value`) ?? '']);
      const vms = machines(ids);
      if (!vms) return;
      for (const v of vms) for (const [k, val] of tags) v.tags[k] = val;
      sendXml(
        res,
        200,
        `<CreateTagsResponse ${NS}><requestId>r</requestId><return>true</return></CreateTagsResponse>`,
      );
      return;
    }
    sendEc2Error(res, 400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
  };
}
