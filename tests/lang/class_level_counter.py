# A class-level counter numbers the instances, like asyncio names its tasks Task-1, Task-2, ...
class Job:
    created = 0
    def __init__(self, name=None):
        Job.created += 1
        self.number = Job.created
        self.name = name or f"Job-{self.number}"
    def __repr__(self):
        return f"<Job {self.name}>"
jobs = [Job(), Job("download"), Job()]
print(jobs, Job.created, jobs[0].created)
class SubJob(Job):
    pass
s = SubJob()
print(s, Job.created, SubJob.created)
